-- bench/baseline/sql.sql — the same formulas as inlinable LANGUAGE sql
-- functions: each body is one SELECT of one expression over its arguments, in
-- exact numeric, so the planner pastes the expression into the calling query
-- (no function call per row).  That is the fastest thing a user can write in
-- plain SQL; it costs readability (an expression cannot name an intermediate
-- value, so some subexpressions are repeated) and it is what the C functions
-- are compared with.
--
-- Rules that keep them inlinable (bench/run checks each with EXPLAIN VERBOSE):
-- not STRICT (a CASE is not strict; NULL handling is written out), no SET
-- clause, IMMUTABLE with only immutable functions inside.  Errors come from
-- baseline.fail / baseline.bad_score (plpgsql.sql), called only in the branch
-- that good input never takes.
--
-- Benchmark baseline only: installed by bench/run into schema "baseline" of
-- its throw-away database, after plpgsql.sql; never by the extension.


-- ---------------------------------------------------------------------------
-- Warmth (SPEC 3.1)
-- ---------------------------------------------------------------------------

CREATE FUNCTION baseline.calculate_composite_warmth_score_sql(
    engagement_score numeric, interaction_frequency_score numeric,
    response_rate_score numeric, budget_qualification_score numeric,
    timeline_urgency_score numeric, decision_authority_score numeric,
    demographic_fit_score numeric, past_behavior_score numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN engagement_score < 0 OR engagement_score > 100
        THEN baseline.bad_score('engagement_score', engagement_score, NULL::numeric)
    WHEN interaction_frequency_score < 0 OR interaction_frequency_score > 100
        THEN baseline.bad_score('interaction_frequency_score', interaction_frequency_score, NULL::numeric)
    WHEN response_rate_score < 0 OR response_rate_score > 100
        THEN baseline.bad_score('response_rate_score', response_rate_score, NULL::numeric)
    WHEN budget_qualification_score < 0 OR budget_qualification_score > 100
        THEN baseline.bad_score('budget_qualification_score', budget_qualification_score, NULL::numeric)
    WHEN timeline_urgency_score < 0 OR timeline_urgency_score > 100
        THEN baseline.bad_score('timeline_urgency_score', timeline_urgency_score, NULL::numeric)
    WHEN decision_authority_score < 0 OR decision_authority_score > 100
        THEN baseline.bad_score('decision_authority_score', decision_authority_score, NULL::numeric)
    WHEN demographic_fit_score < 0 OR demographic_fit_score > 100
        THEN baseline.bad_score('demographic_fit_score', demographic_fit_score, NULL::numeric)
    WHEN past_behavior_score < 0 OR past_behavior_score > 100
        THEN baseline.bad_score('past_behavior_score', past_behavior_score, NULL::numeric)
    -- known components' weighted sum over their weights; all unknown: NULL
    ELSE round(
        (  coalesce(0.20 * engagement_score, 0)
         + coalesce(0.15 * interaction_frequency_score, 0)
         + coalesce(0.10 * response_rate_score, 0)
         + coalesce(0.20 * budget_qualification_score, 0)
         + coalesce(0.15 * timeline_urgency_score, 0)
         + coalesce(0.10 * decision_authority_score, 0)
         + coalesce(0.05 * demographic_fit_score, 0)
         + coalesce(0.05 * past_behavior_score, 0))
        / nullif(  CASE WHEN engagement_score IS NULL THEN 0 ELSE 0.20 END
                 + CASE WHEN interaction_frequency_score IS NULL THEN 0 ELSE 0.15 END
                 + CASE WHEN response_rate_score IS NULL THEN 0 ELSE 0.10 END
                 + CASE WHEN budget_qualification_score IS NULL THEN 0 ELSE 0.20 END
                 + CASE WHEN timeline_urgency_score IS NULL THEN 0 ELSE 0.15 END
                 + CASE WHEN decision_authority_score IS NULL THEN 0 ELSE 0.10 END
                 + CASE WHEN demographic_fit_score IS NULL THEN 0 ELSE 0.05 END
                 + CASE WHEN past_behavior_score IS NULL THEN 0 ELSE 0.05 END, 0),
        2)
END
$$;

CREATE FUNCTION baseline.warmth_level_sql(score numeric)
RETURNS warmth_level
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN score IS NULL THEN NULL
    WHEN score < 0 OR score > 100 THEN baseline.bad_score('score', score, NULL::warmth_level)
    WHEN score < 15 THEN 'ice_cold'::warmth_level
    WHEN score < 30 THEN 'cold'::warmth_level
    WHEN score < 45 THEN 'cool'::warmth_level
    WHEN score < 60 THEN 'lukewarm'::warmth_level
    WHEN score < 75 THEN 'warm'::warmth_level
    WHEN score < 90 THEN 'hot'::warmth_level
    ELSE 'scorching'::warmth_level
END
$$;

CREATE FUNCTION baseline.purchase_probability_sql(
    score numeric, intercept double precision DEFAULT -5,
    slope double precision DEFAULT 0.1)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN score IS NULL OR intercept IS NULL OR slope IS NULL THEN NULL
    WHEN score < 0 OR score > 100 THEN baseline.bad_score('score', score, NULL::numeric)
    WHEN intercept + slope * score::double precision >= 0
        THEN round((100.0 / (1.0 + exp(-(intercept + slope * score::double precision))))::numeric, 2)
    ELSE round((100.0 * exp(intercept + slope * score::double precision)
                / (1.0 + exp(intercept + slope * score::double precision)))::numeric, 2)
END
$$;

CREATE FUNCTION baseline.event_impact_sql(
    base_score_impact numeric, decay_rate numeric, age_days integer,
    time_window_days integer)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN base_score_impact IS NULL OR decay_rate IS NULL OR age_days IS NULL
         OR time_window_days IS NULL THEN NULL
    WHEN decay_rate < 0 OR decay_rate > 1
        THEN baseline.fail('22023', 'decay_rate must be between 0 and 1', decay_rate, NULL::numeric)
    WHEN age_days < 0
        THEN baseline.fail('22023', 'age_days must not be negative', age_days, NULL::numeric)
    WHEN time_window_days <= 0
        THEN baseline.fail('22023', 'time_window_days must be greater than 0', time_window_days, NULL::numeric)
    ELSE round(base_score_impact * power(1 - decay_rate, (age_days / time_window_days)::numeric), 2)
END
$$;

-- ---------------------------------------------------------------------------
-- Lead scoring (SPEC 3.2)
-- ---------------------------------------------------------------------------

CREATE FUNCTION baseline.calculate_lead_score_sql(
    qr_scans integer, catalog_views integer, messages integer,
    has_voice boolean, has_phone boolean, has_budget boolean,
    has_transaction_type boolean, has_property_type boolean,
    has_location boolean, has_payment_method boolean,
    last_activity timestamptz, as_of timestamptz DEFAULT now())
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN qr_scans < 0
        THEN baseline.fail('22023', 'qr_scans must not be negative', qr_scans, NULL::integer)
    WHEN catalog_views < 0
        THEN baseline.fail('22023', 'catalog_views must not be negative', catalog_views, NULL::integer)
    WHEN messages < 0
        THEN baseline.fail('22023', 'messages must not be negative', messages, NULL::integer)
    ELSE
        -- engagement (least() first: huge counts must not overflow)
          least(coalesce(qr_scans, 0), 5) * 3
        + least(coalesce(catalog_views, 0), 5) * 2
        + least(coalesce(messages, 0), 10)
        + CASE WHEN has_voice THEN 5 ELSE 0 END
        -- qualification
        + CASE WHEN has_phone THEN 10 ELSE 0 END
        + CASE WHEN has_budget THEN 10 ELSE 0 END
        + CASE WHEN has_transaction_type THEN 5 ELSE 0 END
        + CASE WHEN has_property_type THEN 5 ELSE 0 END
        + CASE WHEN has_location THEN 5 ELSE 0 END
        + CASE WHEN has_payment_method THEN 5 ELSE 0 END
        -- recency; a last activity in the future counts as now
        + CASE WHEN last_activity IS NULL THEN 0
               WHEN as_of - last_activity < interval '1 hour' THEN 20
               WHEN as_of - last_activity < interval '6 hours' THEN 15
               WHEN as_of - last_activity < interval '24 hours' THEN 10
               WHEN as_of - last_activity < interval '72 hours' THEN 5
               ELSE 0 END
END
$$;

CREATE FUNCTION baseline.lead_temperature_sql(score integer)
RETURNS lead_temperature
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN score IS NULL THEN NULL
    WHEN score < 0 OR score > 100
        THEN baseline.fail('22003', 'score must be between 0 and 100', score, NULL::lead_temperature)
    WHEN score < 25 THEN 'cold'::lead_temperature
    WHEN score < 50 THEN 'warm'::lead_temperature
    WHEN score < 70 THEN 'hot'::lead_temperature
    ELSE 'burning'::lead_temperature
END
$$;

-- ---------------------------------------------------------------------------
-- RFM and churn (SPEC 3.3)
-- ---------------------------------------------------------------------------

-- Days are whole 24-hour periods: "at most 30 days" is "less than 31 * 24
-- hours have passed".  The segment rules are written on the raw values
-- (R >= 4 is "less than 61 days", F >= 4 is "at least 7 purchases", ...) so
-- that the expression need not repeat the three score CASEs once more.
CREATE FUNCTION baseline.rfm_score_sql(
    last_purchase timestamptz, purchase_count integer, total_spent numeric,
    as_of timestamptz DEFAULT now())
RETURNS rfm
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN last_purchase IS NULL OR purchase_count IS NULL OR total_spent IS NULL
         OR as_of IS NULL THEN NULL
    WHEN purchase_count < 0
        THEN baseline.fail('22023', 'purchase_count must not be negative', purchase_count, NULL::rfm)
    WHEN total_spent < 0 OR total_spent = 'NaN'::numeric OR total_spent = 'Infinity'::numeric
        THEN baseline.fail('22023', 'total_spent must not be negative', total_spent, NULL::rfm)
    WHEN purchase_count = 0 THEN NULL
    ELSE ROW(
        -- recency_score
        CASE WHEN as_of - last_purchase < interval '31 days' THEN 5
             WHEN as_of - last_purchase < interval '61 days' THEN 4
             WHEN as_of - last_purchase < interval '91 days' THEN 3
             WHEN as_of - last_purchase < interval '181 days' THEN 2 ELSE 1 END,
        -- frequency_score
        CASE WHEN purchase_count >= 10 THEN 5 WHEN purchase_count >= 7 THEN 4
             WHEN purchase_count >= 4 THEN 3 WHEN purchase_count >= 2 THEN 2 ELSE 1 END,
        -- monetary_score
        CASE WHEN total_spent >= 5000 THEN 5 WHEN total_spent >= 2500 THEN 4
             WHEN total_spent >= 1000 THEN 3 WHEN total_spent >= 500 THEN 2 ELSE 1 END,
        -- rfm_cell
        (CASE WHEN as_of - last_purchase < interval '31 days' THEN 500
              WHEN as_of - last_purchase < interval '61 days' THEN 400
              WHEN as_of - last_purchase < interval '91 days' THEN 300
              WHEN as_of - last_purchase < interval '181 days' THEN 200 ELSE 100 END
         + CASE WHEN purchase_count >= 10 THEN 50 WHEN purchase_count >= 7 THEN 40
                WHEN purchase_count >= 4 THEN 30 WHEN purchase_count >= 2 THEN 20 ELSE 10 END
         + CASE WHEN total_spent >= 5000 THEN 5 WHEN total_spent >= 2500 THEN 4
                WHEN total_spent >= 1000 THEN 3 WHEN total_spent >= 500 THEN 2 ELSE 1 END)::text,
        -- rfm_total
          CASE WHEN as_of - last_purchase < interval '31 days' THEN 5
               WHEN as_of - last_purchase < interval '61 days' THEN 4
               WHEN as_of - last_purchase < interval '91 days' THEN 3
               WHEN as_of - last_purchase < interval '181 days' THEN 2 ELSE 1 END
        + CASE WHEN purchase_count >= 10 THEN 5 WHEN purchase_count >= 7 THEN 4
               WHEN purchase_count >= 4 THEN 3 WHEN purchase_count >= 2 THEN 2 ELSE 1 END
        + CASE WHEN total_spent >= 5000 THEN 5 WHEN total_spent >= 2500 THEN 4
               WHEN total_spent >= 1000 THEN 3 WHEN total_spent >= 500 THEN 2 ELSE 1 END,
        -- segment, first matching rule
        CASE
            WHEN as_of - last_purchase < interval '61 days' AND purchase_count >= 7
                 AND total_spent >= 2500 THEN 'Champions'::rfm_segment
            WHEN total_spent >= 5000 AND as_of - last_purchase < interval '91 days'
                THEN 'VIP'::rfm_segment
            WHEN purchase_count >= 7 AND as_of - last_purchase < interval '91 days'
                THEN 'Loyal Customers'::rfm_segment
            WHEN purchase_count < 2 AND as_of - last_purchase < interval '61 days'
                THEN 'New Customers'::rfm_segment
            WHEN as_of - last_purchase < interval '91 days' THEN 'Potential Loyalists'::rfm_segment
            WHEN purchase_count >= 4 OR total_spent >= 1000 THEN 'At Risk'::rfm_segment
            ELSE 'Lost'::rfm_segment
        END)::rfm
END
$$;

CREATE FUNCTION baseline.churn_risk_sql(
    days_since_last_purchase integer, purchase_count integer,
    avg_days_between_purchases numeric DEFAULT NULL)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN days_since_last_purchase IS NULL OR purchase_count IS NULL THEN NULL
    WHEN days_since_last_purchase < 0
        THEN baseline.fail('22023', 'days_since_last_purchase must not be negative',
                           days_since_last_purchase, NULL::double precision)
    WHEN purchase_count < 0
        THEN baseline.fail('22023', 'purchase_count must not be negative',
                           purchase_count, NULL::double precision)
    -- mu = the customer's usual interval, 90 days without two purchases
    WHEN purchase_count >= 2 AND avg_days_between_purchases > 0 THEN
        CASE WHEN days_since_last_purchase <= avg_days_between_purchases::double precision THEN 0
             ELSE 1 - exp(-(days_since_last_purchase - avg_days_between_purchases::double precision)
                          / avg_days_between_purchases::double precision) END
    WHEN days_since_last_purchase <= 90 THEN 0
    ELSE 1 - exp(-(days_since_last_purchase - 90.0::double precision) / 90.0)
END
$$;

-- ---------------------------------------------------------------------------
-- Health (SPEC 3.4)
-- ---------------------------------------------------------------------------

CREATE FUNCTION baseline.health_score_sql(
    visit_frequency numeric, spending_behavior numeric,
    loyalty_engagement numeric, feedback_sentiment numeric,
    communication_response numeric, recency_factor numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN visit_frequency < 0 OR visit_frequency > 100
        THEN baseline.bad_score('visit_frequency', visit_frequency, NULL::numeric)
    WHEN spending_behavior < 0 OR spending_behavior > 100
        THEN baseline.bad_score('spending_behavior', spending_behavior, NULL::numeric)
    WHEN loyalty_engagement < 0 OR loyalty_engagement > 100
        THEN baseline.bad_score('loyalty_engagement', loyalty_engagement, NULL::numeric)
    WHEN feedback_sentiment < 0 OR feedback_sentiment > 100
        THEN baseline.bad_score('feedback_sentiment', feedback_sentiment, NULL::numeric)
    WHEN communication_response < 0 OR communication_response > 100
        THEN baseline.bad_score('communication_response', communication_response, NULL::numeric)
    WHEN recency_factor < 0 OR recency_factor > 100
        THEN baseline.bad_score('recency_factor', recency_factor, NULL::numeric)
    ELSE round(
        (  coalesce(0.25 * visit_frequency, 0)
         + coalesce(0.20 * spending_behavior, 0)
         + coalesce(0.15 * loyalty_engagement, 0)
         + coalesce(0.15 * feedback_sentiment, 0)
         + coalesce(0.15 * communication_response, 0)
         + coalesce(0.10 * recency_factor, 0))
        / nullif(  CASE WHEN visit_frequency IS NULL THEN 0 ELSE 0.25 END
                 + CASE WHEN spending_behavior IS NULL THEN 0 ELSE 0.20 END
                 + CASE WHEN loyalty_engagement IS NULL THEN 0 ELSE 0.15 END
                 + CASE WHEN feedback_sentiment IS NULL THEN 0 ELSE 0.15 END
                 + CASE WHEN communication_response IS NULL THEN 0 ELSE 0.15 END
                 + CASE WHEN recency_factor IS NULL THEN 0 ELSE 0.10 END, 0),
        2)
END
$$;

CREATE FUNCTION baseline.health_level_sql(score numeric)
RETURNS health_level
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN score IS NULL THEN NULL
    WHEN score < 0 OR score > 100 THEN baseline.bad_score('score', score, NULL::health_level)
    WHEN score < 40 THEN 'POOR'::health_level
    WHEN score < 60 THEN 'FAIR'::health_level
    WHEN score < 80 THEN 'GOOD'::health_level
    ELSE 'EXCELLENT'::health_level
END
$$;
