-- bench/baseline/plpgsql.sql — the scoring formulas and the two BEFORE
-- triggers written in PL/pgSQL, the way a competent user writes them when the
-- extension is not available: straightforward IF/CASE code, exact numeric
-- arithmetic, round(x, 2), IMMUTABLE PARALLEL SAFE, the same NULL rules and
-- range checks (with the same SQLSTATEs) as the C functions.
--
-- Benchmark baseline only: bench/run installs it into schema "baseline" of
-- its own throw-away database.  The extension never installs it.  Types and
-- tables (warmth_level, rfm, warmth_scoring_algorithms, ...) are the
-- extension's, found through search_path.

CREATE SCHEMA baseline;

-- fail(sqlstate, message, culprit, result) — raises.  It "returns" the type
-- of its last argument so that an expression can call it in the branch that
-- good input never takes (see sql.sql).  The culprit (the bad value) keeps
-- the planner from folding a call whose arguments would all be constants: it
-- would raise while planning.
CREATE FUNCTION baseline.fail(state text, message text, culprit anycompatible,
                              result anyelement)
RETURNS anyelement
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = state, MESSAGE = message;
END
$$;

-- bad_score(name, value, result) — the error of a score outside [0, 100]:
-- NaN and infinity are invalid values (22023), anything else is out of range
-- (22003).
CREATE FUNCTION baseline.bad_score(name text, value numeric, result anyelement)
RETURNS anyelement
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF value = 'NaN'::numeric OR abs(value) = 'Infinity'::numeric THEN
        RAISE EXCEPTION '% must be a finite number', name USING ERRCODE = '22023';
    END IF;
    RAISE EXCEPTION '% must be between 0 and 100', name USING ERRCODE = '22003';
END
$$;

-- ---------------------------------------------------------------------------
-- Warmth (SPEC 3.1)
-- ---------------------------------------------------------------------------

CREATE FUNCTION baseline.calculate_composite_warmth_score(
    engagement_score numeric, interaction_frequency_score numeric,
    response_rate_score numeric, budget_qualification_score numeric,
    timeline_urgency_score numeric, decision_authority_score numeric,
    demographic_fit_score numeric, past_behavior_score numeric)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    weighted numeric := 0;     -- sum of weight * score over known components
    weights  numeric := 0;     -- sum of their weights
BEGIN
    IF engagement_score IS NOT NULL THEN
        IF engagement_score < 0 OR engagement_score > 100 THEN
            PERFORM baseline.bad_score('engagement_score', engagement_score, NULL::numeric);
        END IF;
        weighted := weighted + 0.20 * engagement_score;
        weights := weights + 0.20;
    END IF;
    IF interaction_frequency_score IS NOT NULL THEN
        IF interaction_frequency_score < 0 OR interaction_frequency_score > 100 THEN
            PERFORM baseline.bad_score('interaction_frequency_score', interaction_frequency_score, NULL::numeric);
        END IF;
        weighted := weighted + 0.15 * interaction_frequency_score;
        weights := weights + 0.15;
    END IF;
    IF response_rate_score IS NOT NULL THEN
        IF response_rate_score < 0 OR response_rate_score > 100 THEN
            PERFORM baseline.bad_score('response_rate_score', response_rate_score, NULL::numeric);
        END IF;
        weighted := weighted + 0.10 * response_rate_score;
        weights := weights + 0.10;
    END IF;
    IF budget_qualification_score IS NOT NULL THEN
        IF budget_qualification_score < 0 OR budget_qualification_score > 100 THEN
            PERFORM baseline.bad_score('budget_qualification_score', budget_qualification_score, NULL::numeric);
        END IF;
        weighted := weighted + 0.20 * budget_qualification_score;
        weights := weights + 0.20;
    END IF;
    IF timeline_urgency_score IS NOT NULL THEN
        IF timeline_urgency_score < 0 OR timeline_urgency_score > 100 THEN
            PERFORM baseline.bad_score('timeline_urgency_score', timeline_urgency_score, NULL::numeric);
        END IF;
        weighted := weighted + 0.15 * timeline_urgency_score;
        weights := weights + 0.15;
    END IF;
    IF decision_authority_score IS NOT NULL THEN
        IF decision_authority_score < 0 OR decision_authority_score > 100 THEN
            PERFORM baseline.bad_score('decision_authority_score', decision_authority_score, NULL::numeric);
        END IF;
        weighted := weighted + 0.10 * decision_authority_score;
        weights := weights + 0.10;
    END IF;
    IF demographic_fit_score IS NOT NULL THEN
        IF demographic_fit_score < 0 OR demographic_fit_score > 100 THEN
            PERFORM baseline.bad_score('demographic_fit_score', demographic_fit_score, NULL::numeric);
        END IF;
        weighted := weighted + 0.05 * demographic_fit_score;
        weights := weights + 0.05;
    END IF;
    IF past_behavior_score IS NOT NULL THEN
        IF past_behavior_score < 0 OR past_behavior_score > 100 THEN
            PERFORM baseline.bad_score('past_behavior_score', past_behavior_score, NULL::numeric);
        END IF;
        weighted := weighted + 0.05 * past_behavior_score;
        weights := weights + 0.05;
    END IF;
    IF weights = 0 THEN
        RETURN NULL;
    END IF;
    RETURN round(weighted / weights, 2);
END
$$;

CREATE FUNCTION baseline.warmth_level(score numeric)
RETURNS warmth_level
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF score < 0 OR score > 100 THEN
        PERFORM baseline.bad_score('score', score, NULL::numeric);
    END IF;
    RETURN CASE
        WHEN score < 15 THEN 'ice_cold'
        WHEN score < 30 THEN 'cold'
        WHEN score < 45 THEN 'cool'
        WHEN score < 60 THEN 'lukewarm'
        WHEN score < 75 THEN 'warm'
        WHEN score < 90 THEN 'hot'
        ELSE 'scorching'
    END::warmth_level;
END
$$;

-- Logistic link in float8, as the C function computes it (the form that
-- cannot overflow), then rounded to cents.
CREATE FUNCTION baseline.purchase_probability(
    score numeric, intercept double precision DEFAULT -5,
    slope double precision DEFAULT 0.1)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    z double precision;
BEGIN
    IF score < 0 OR score > 100 THEN
        PERFORM baseline.bad_score('score', score, NULL::numeric);
    END IF;
    z := intercept + slope * score::double precision;
    IF z >= 0 THEN
        RETURN round((100.0 / (1.0 + exp(-z)))::numeric, 2);
    END IF;
    RETURN round((100.0 * exp(z) / (1.0 + exp(z)))::numeric, 2);
END
$$;

CREATE FUNCTION baseline.event_impact(
    base_score_impact numeric, decay_rate numeric, age_days integer,
    time_window_days integer)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF decay_rate < 0 OR decay_rate > 1 THEN
        RAISE EXCEPTION 'decay_rate must be between 0 and 1' USING ERRCODE = '22023';
    END IF;
    IF age_days < 0 THEN
        RAISE EXCEPTION 'age_days must not be negative' USING ERRCODE = '22023';
    END IF;
    IF time_window_days <= 0 THEN
        RAISE EXCEPTION 'time_window_days must be greater than 0' USING ERRCODE = '22023';
    END IF;
    RETURN round(base_score_impact * power(1 - decay_rate, (age_days / time_window_days)::numeric), 2);
END
$$;

-- ---------------------------------------------------------------------------
-- Lead scoring (SPEC 3.2)
-- ---------------------------------------------------------------------------

CREATE FUNCTION baseline.calculate_lead_score(
    qr_scans integer, catalog_views integer, messages integer,
    has_voice boolean, has_phone boolean, has_budget boolean,
    has_transaction_type boolean, has_property_type boolean,
    has_location boolean, has_payment_method boolean,
    last_activity timestamptz, as_of timestamptz DEFAULT now())
RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    engagement integer;
    qualification integer;
    recency integer := 0;
    elapsed interval;
BEGIN
    IF qr_scans < 0 THEN
        RAISE EXCEPTION 'qr_scans must not be negative' USING ERRCODE = '22023';
    END IF;
    IF catalog_views < 0 THEN
        RAISE EXCEPTION 'catalog_views must not be negative' USING ERRCODE = '22023';
    END IF;
    IF messages < 0 THEN
        RAISE EXCEPTION 'messages must not be negative' USING ERRCODE = '22023';
    END IF;
    -- least() before multiplying: huge counts must not overflow
    engagement := least(coalesce(qr_scans, 0), 5) * 3
                + least(coalesce(catalog_views, 0), 5) * 2
                + least(coalesce(messages, 0), 10)
                + CASE WHEN has_voice THEN 5 ELSE 0 END;
    qualification := CASE WHEN has_phone THEN 10 ELSE 0 END
                   + CASE WHEN has_budget THEN 10 ELSE 0 END
                   + CASE WHEN has_transaction_type THEN 5 ELSE 0 END
                   + CASE WHEN has_property_type THEN 5 ELSE 0 END
                   + CASE WHEN has_location THEN 5 ELSE 0 END
                   + CASE WHEN has_payment_method THEN 5 ELSE 0 END;
    IF last_activity IS NOT NULL THEN
        elapsed := as_of - last_activity;      -- negative (future) counts as now
        recency := CASE
            WHEN elapsed < interval '1 hour' THEN 20
            WHEN elapsed < interval '6 hours' THEN 15
            WHEN elapsed < interval '24 hours' THEN 10
            WHEN elapsed < interval '72 hours' THEN 5
            ELSE 0
        END;
    END IF;
    RETURN engagement + qualification + recency;
END
$$;

CREATE FUNCTION baseline.lead_temperature(score integer)
RETURNS lead_temperature
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF score < 0 OR score > 100 THEN
        RAISE EXCEPTION 'score must be between 0 and 100' USING ERRCODE = '22003';
    END IF;
    RETURN CASE
        WHEN score < 25 THEN 'cold'
        WHEN score < 50 THEN 'warm'
        WHEN score < 70 THEN 'hot'
        ELSE 'burning'
    END::lead_temperature;
END
$$;

-- ---------------------------------------------------------------------------
-- RFM and churn (SPEC 3.3)
-- ---------------------------------------------------------------------------

CREATE FUNCTION baseline.rfm_score(
    last_purchase timestamptz, purchase_count integer, total_spent numeric,
    as_of timestamptz DEFAULT now())
RETURNS rfm
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    elapsed interval;
    r integer;
    f integer;
    m integer;
    result rfm;
BEGIN
    IF purchase_count < 0 THEN
        RAISE EXCEPTION 'purchase_count must not be negative' USING ERRCODE = '22023';
    END IF;
    IF total_spent < 0 OR total_spent = 'NaN'::numeric OR total_spent = 'Infinity'::numeric THEN
        RAISE EXCEPTION 'total_spent must not be negative' USING ERRCODE = '22023';
    END IF;
    IF purchase_count = 0 THEN
        RETURN NULL;
    END IF;
    -- Whole 24-hour periods, independent of the session's time zone:
    -- "at most 30 days" means less than 31 * 24 hours have passed (the
    -- difference of two timestamptz counts days of 24 hours).  A purchase in
    -- the future counts as now.
    elapsed := as_of - last_purchase;
    r := CASE WHEN elapsed < interval '31 days' THEN 5 WHEN elapsed < interval '61 days' THEN 4
              WHEN elapsed < interval '91 days' THEN 3 WHEN elapsed < interval '181 days' THEN 2
              ELSE 1 END;
    f := CASE WHEN purchase_count >= 10 THEN 5 WHEN purchase_count >= 7 THEN 4
              WHEN purchase_count >= 4 THEN 3 WHEN purchase_count >= 2 THEN 2 ELSE 1 END;
    m := CASE WHEN total_spent >= 5000 THEN 5 WHEN total_spent >= 2500 THEN 4
              WHEN total_spent >= 1000 THEN 3 WHEN total_spent >= 500 THEN 2 ELSE 1 END;
    result.recency_score := r;
    result.frequency_score := f;
    result.monetary_score := m;
    result.rfm_cell := r::text || f::text || m::text;
    result.rfm_total := r + f + m;
    result.segment := CASE
        WHEN r >= 4 AND f >= 4 AND m >= 4 THEN 'Champions'
        WHEN m = 5 AND r >= 3 THEN 'VIP'
        WHEN f >= 4 AND r >= 3 THEN 'Loyal Customers'
        WHEN f = 1 AND r >= 4 THEN 'New Customers'
        WHEN r >= 3 THEN 'Potential Loyalists'
        WHEN f >= 3 OR m >= 3 THEN 'At Risk'
        ELSE 'Lost'
    END::rfm_segment;
    RETURN result;
END
$$;

CREATE FUNCTION baseline.churn_risk(
    days_since_last_purchase integer, purchase_count integer,
    avg_days_between_purchases numeric DEFAULT NULL)
RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    mu double precision := 90;
BEGIN
    IF days_since_last_purchase IS NULL OR purchase_count IS NULL THEN
        RETURN NULL;
    END IF;
    IF days_since_last_purchase < 0 THEN
        RAISE EXCEPTION 'days_since_last_purchase must not be negative' USING ERRCODE = '22023';
    END IF;
    IF purchase_count < 0 THEN
        RAISE EXCEPTION 'purchase_count must not be negative' USING ERRCODE = '22023';
    END IF;
    IF purchase_count >= 2 AND avg_days_between_purchases > 0 THEN
        mu := avg_days_between_purchases;
    END IF;
    IF days_since_last_purchase <= mu THEN
        RETURN 0;
    END IF;
    RETURN 1 - exp(-(days_since_last_purchase - mu) / mu);
END
$$;

-- ---------------------------------------------------------------------------
-- Health (SPEC 3.4)
-- ---------------------------------------------------------------------------

CREATE FUNCTION baseline.health_score(
    visit_frequency numeric, spending_behavior numeric,
    loyalty_engagement numeric, feedback_sentiment numeric,
    communication_response numeric, recency_factor numeric)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    weighted numeric := 0;
    weights  numeric := 0;
BEGIN
    IF visit_frequency IS NOT NULL THEN
        IF visit_frequency < 0 OR visit_frequency > 100 THEN
            PERFORM baseline.bad_score('visit_frequency', visit_frequency, NULL::numeric);
        END IF;
        weighted := weighted + 0.25 * visit_frequency;
        weights := weights + 0.25;
    END IF;
    IF spending_behavior IS NOT NULL THEN
        IF spending_behavior < 0 OR spending_behavior > 100 THEN
            PERFORM baseline.bad_score('spending_behavior', spending_behavior, NULL::numeric);
        END IF;
        weighted := weighted + 0.20 * spending_behavior;
        weights := weights + 0.20;
    END IF;
    IF loyalty_engagement IS NOT NULL THEN
        IF loyalty_engagement < 0 OR loyalty_engagement > 100 THEN
            PERFORM baseline.bad_score('loyalty_engagement', loyalty_engagement, NULL::numeric);
        END IF;
        weighted := weighted + 0.15 * loyalty_engagement;
        weights := weights + 0.15;
    END IF;
    IF feedback_sentiment IS NOT NULL THEN
        IF feedback_sentiment < 0 OR feedback_sentiment > 100 THEN
            PERFORM baseline.bad_score('feedback_sentiment', feedback_sentiment, NULL::numeric);
        END IF;
        weighted := weighted + 0.15 * feedback_sentiment;
        weights := weights + 0.15;
    END IF;
    IF communication_response IS NOT NULL THEN
        IF communication_response < 0 OR communication_response > 100 THEN
            PERFORM baseline.bad_score('communication_response', communication_response, NULL::numeric);
        END IF;
        weighted := weighted + 0.15 * communication_response;
        weights := weights + 0.15;
    END IF;
    IF recency_factor IS NOT NULL THEN
        IF recency_factor < 0 OR recency_factor > 100 THEN
            PERFORM baseline.bad_score('recency_factor', recency_factor, NULL::numeric);
        END IF;
        weighted := weighted + 0.10 * recency_factor;
        weights := weights + 0.10;
    END IF;
    IF weights = 0 THEN
        RETURN NULL;
    END IF;
    RETURN round(weighted / weights, 2);
END
$$;

CREATE FUNCTION baseline.health_level(score numeric)
RETURNS health_level
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF score < 0 OR score > 100 THEN
        PERFORM baseline.bad_score('score', score, NULL::numeric);
    END IF;
    RETURN CASE
        WHEN score < 40 THEN 'POOR'
        WHEN score < 60 THEN 'FAIR'
        WHEN score < 80 THEN 'GOOD'
        ELSE 'EXCELLENT'
    END::health_level;
END
$$;

-- ---------------------------------------------------------------------------
-- Triggers
-- ---------------------------------------------------------------------------

-- customer_warmth BEFORE INSERT OR UPDATE: clamp the components to [0, 100],
-- then score with the active algorithm's weights, read by a query per row
-- (the built-in weights when none is active).
CREATE FUNCTION baseline.customer_warmth_before()
RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    a record;
    weighted numeric := 0;
    known numeric := 0;
    total numeric;
BEGIN
    SELECT name, version, engagement_weight, interaction_frequency_weight,
           response_rate_weight, budget_qualification_weight, timeline_urgency_weight,
           decision_authority_weight, demographic_fit_weight, past_behavior_weight
    INTO a
    FROM warmth_scoring_algorithms WHERE is_active;
    IF NOT FOUND THEN
        SELECT 'builtin' AS name, '1.0' AS version, 0.20 AS engagement_weight,
               0.15 AS interaction_frequency_weight, 0.10 AS response_rate_weight,
               0.20 AS budget_qualification_weight, 0.15 AS timeline_urgency_weight,
               0.10 AS decision_authority_weight, 0.05 AS demographic_fit_weight,
               0.05 AS past_behavior_weight
        INTO a;
    END IF;

    IF 'NaN'::numeric IN (NEW.engagement_score, NEW.interaction_frequency_score,
                          NEW.response_rate_score, NEW.budget_qualification_score,
                          NEW.timeline_urgency_score, NEW.decision_making_authority_score,
                          NEW.demographic_fit_score, NEW.past_purchase_behavior_score) THEN
        RAISE EXCEPTION 'warmth components must not be NaN' USING ERRCODE = '22023';
    END IF;

    -- clamp, so that "SET engagement_score = engagement_score + 15" saturates
    -- at 100 (not greatest/least: they would turn an unknown NULL into 0)
    IF NEW.engagement_score < 0 THEN NEW.engagement_score := 0;
    ELSIF NEW.engagement_score > 100 THEN NEW.engagement_score := 100;
    END IF;
    IF NEW.interaction_frequency_score < 0 THEN NEW.interaction_frequency_score := 0;
    ELSIF NEW.interaction_frequency_score > 100 THEN NEW.interaction_frequency_score := 100;
    END IF;
    IF NEW.response_rate_score < 0 THEN NEW.response_rate_score := 0;
    ELSIF NEW.response_rate_score > 100 THEN NEW.response_rate_score := 100;
    END IF;
    IF NEW.budget_qualification_score < 0 THEN NEW.budget_qualification_score := 0;
    ELSIF NEW.budget_qualification_score > 100 THEN NEW.budget_qualification_score := 100;
    END IF;
    IF NEW.timeline_urgency_score < 0 THEN NEW.timeline_urgency_score := 0;
    ELSIF NEW.timeline_urgency_score > 100 THEN NEW.timeline_urgency_score := 100;
    END IF;
    IF NEW.decision_making_authority_score < 0 THEN NEW.decision_making_authority_score := 0;
    ELSIF NEW.decision_making_authority_score > 100 THEN NEW.decision_making_authority_score := 100;
    END IF;
    IF NEW.demographic_fit_score < 0 THEN NEW.demographic_fit_score := 0;
    ELSIF NEW.demographic_fit_score > 100 THEN NEW.demographic_fit_score := 100;
    END IF;
    IF NEW.past_purchase_behavior_score < 0 THEN NEW.past_purchase_behavior_score := 0;
    ELSIF NEW.past_purchase_behavior_score > 100 THEN NEW.past_purchase_behavior_score := 100;
    END IF;

    IF NEW.engagement_score IS NOT NULL THEN
        weighted := weighted + a.engagement_weight * NEW.engagement_score;
        known := known + a.engagement_weight;
    END IF;
    IF NEW.interaction_frequency_score IS NOT NULL THEN
        weighted := weighted + a.interaction_frequency_weight * NEW.interaction_frequency_score;
        known := known + a.interaction_frequency_weight;
    END IF;
    IF NEW.response_rate_score IS NOT NULL THEN
        weighted := weighted + a.response_rate_weight * NEW.response_rate_score;
        known := known + a.response_rate_weight;
    END IF;
    IF NEW.budget_qualification_score IS NOT NULL THEN
        weighted := weighted + a.budget_qualification_weight * NEW.budget_qualification_score;
        known := known + a.budget_qualification_weight;
    END IF;
    IF NEW.timeline_urgency_score IS NOT NULL THEN
        weighted := weighted + a.timeline_urgency_weight * NEW.timeline_urgency_score;
        known := known + a.timeline_urgency_weight;
    END IF;
    IF NEW.decision_making_authority_score IS NOT NULL THEN
        weighted := weighted + a.decision_authority_weight * NEW.decision_making_authority_score;
        known := known + a.decision_authority_weight;
    END IF;
    IF NEW.demographic_fit_score IS NOT NULL THEN
        weighted := weighted + a.demographic_fit_weight * NEW.demographic_fit_score;
        known := known + a.demographic_fit_weight;
    END IF;
    IF NEW.past_purchase_behavior_score IS NOT NULL THEN
        weighted := weighted + a.past_behavior_weight * NEW.past_purchase_behavior_score;
        known := known + a.past_behavior_weight;
    END IF;
    total := a.engagement_weight + a.interaction_frequency_weight + a.response_rate_weight
           + a.budget_qualification_weight + a.timeline_urgency_weight
           + a.decision_authority_weight + a.demographic_fit_weight + a.past_behavior_weight;

    IF known = 0 THEN
        NEW.overall_warmth_score := NULL;
        NEW.warmth_level := NULL;
        NEW.purchase_probability := NULL;
    ELSE
        NEW.overall_warmth_score := round(weighted / known, 2);
        NEW.warmth_level := baseline.warmth_level(NEW.overall_warmth_score);
        NEW.purchase_probability := baseline.purchase_probability(NEW.overall_warmth_score);
    END IF;
    NEW.confidence_level := CASE WHEN total = 0 THEN 0 ELSE round(known * 100 / total, 2) END;
    NEW.scoring_algorithm_used := a.name;
    NEW.algorithm_version := a.version;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- leads BEFORE INSERT OR UPDATE: total_interactions, lead_score, temperature.
CREATE FUNCTION baseline.leads_before()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.qr_scan_count < 0 THEN
        RAISE EXCEPTION 'qr_scan_count must not be negative' USING ERRCODE = '22023';
    END IF;
    IF NEW.catalog_views < 0 THEN
        RAISE EXCEPTION 'catalog_views must not be negative' USING ERRCODE = '22023';
    END IF;
    IF NEW.messages_count < 0 THEN
        RAISE EXCEPTION 'messages_count must not be negative' USING ERRCODE = '22023';
    END IF;
    NEW.total_interactions := coalesce(NEW.qr_scan_count, 0) + coalesce(NEW.catalog_views, 0)
                              + coalesce(NEW.messages_count, 0);
    NEW.lead_score := baseline.calculate_lead_score(
        NEW.qr_scan_count, NEW.catalog_views, NEW.messages_count,
        coalesce(NEW.has_voice_message, false),
        coalesce(btrim(NEW.phone, E' \t\n\r\f\v') <> '', false),
        NEW.budget_max IS NOT NULL OR NEW.budget_min IS NOT NULL,
        coalesce(btrim(NEW.transaction_type, E' \t\n\r\f\v') <> '', false),
        coalesce(btrim(NEW.property_type, E' \t\n\r\f\v') <> '', false),
        coalesce(btrim(NEW.location, E' \t\n\r\f\v') <> '', false),
        coalesce(btrim(NEW.payment_method, E' \t\n\r\f\v') <> '', false),
        NEW.last_activity_at, now());
    NEW.temperature := baseline.lead_temperature(NEW.lead_score);
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
