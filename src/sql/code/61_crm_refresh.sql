-- src/sql/code/61_crm_refresh.sql — nightly batch refreshes of the CRM scores.
-- Each computes into a temporary table first (CREATE TABLE AS may use
-- parallel workers, an INSERT ... SELECT may not), then writes only the rows
-- that changed, and returns how many did.

CREATE FUNCTION @extschema@.refresh_rfm_scores(as_of timestamptz DEFAULT pg_catalog.now())
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    scored bigint;
    changed bigint;
    removed bigint;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF to_regclass('pg_temp.cs_rfm_fresh') IS NOT NULL THEN
        DROP TABLE pg_temp.cs_rfm_fresh;
    END IF;
    CREATE TEMP TABLE cs_rfm_fresh ON COMMIT DROP AS
    SELECT o.customer_id,
           @extschema@.whole_days_between(o.last_at, as_of) AS recency_days,
           o.last_at AS last_purchase_at,
           o.purchase_count, o.total_spent,
           CASE WHEN o.purchase_count > 1
                THEN round((extract(epoch FROM o.last_at) - extract(epoch FROM o.first_at)) / 86400.0
                           / (o.purchase_count - 1), 2) END AS avg_days_between_purchases,
           @extschema@.rfm_score(o.last_at, o.purchase_count, o.total_spent, as_of) AS r
    FROM (SELECT customer_id, count(*)::integer AS purchase_count,
                 sum(total_amount) AS total_spent, min(ordered_at) AS first_at,
                 max(ordered_at) AS last_at
          FROM @extschema@.orders
          WHERE status = 'completed' AND ordered_at <= as_of
          GROUP BY customer_id) o;
    SELECT count(*) INTO scored FROM pg_temp.cs_rfm_fresh;
    IF scored > 10000 THEN
        RAISE NOTICE 'refresh_rfm_scores: scored % customers, writing changes', scored;
    END IF;

    WITH upserted AS (
        INSERT INTO @extschema@.customer_rfm_scores AS s
            (customer_id, recency_days, last_purchase_at, purchase_count, total_spent, recency_score,
             frequency_score, monetary_score, rfm_cell, rfm_total, segment, churn_risk,
             avg_days_between_purchases, calculated_at, as_of)
        SELECT f.customer_id, f.recency_days, f.last_purchase_at, f.purchase_count, f.total_spent,
               (f.r).recency_score, (f.r).frequency_score, (f.r).monetary_score,
               (f.r).rfm_cell, (f.r).rfm_total, (f.r).segment,
               @extschema@.churn_risk(f.recency_days, f.purchase_count, f.avg_days_between_purchases),
               f.avg_days_between_purchases, now(), as_of
        FROM pg_temp.cs_rfm_fresh f
        ON CONFLICT (customer_id) DO UPDATE
        SET recency_days = excluded.recency_days, last_purchase_at = excluded.last_purchase_at,
            purchase_count = excluded.purchase_count,
            total_spent = excluded.total_spent, recency_score = excluded.recency_score,
            frequency_score = excluded.frequency_score, monetary_score = excluded.monetary_score,
            rfm_cell = excluded.rfm_cell, rfm_total = excluded.rfm_total,
            segment = excluded.segment, churn_risk = excluded.churn_risk,
            avg_days_between_purchases = excluded.avg_days_between_purchases,
            calculated_at = excluded.calculated_at, as_of = excluded.as_of
        WHERE (s.recency_days, s.last_purchase_at, s.purchase_count, s.total_spent, s.rfm_cell,
               s.churn_risk, s.avg_days_between_purchases)
              IS DISTINCT FROM
              (excluded.recency_days, excluded.last_purchase_at, excluded.purchase_count,
               excluded.total_spent, excluded.rfm_cell, excluded.churn_risk,
               excluded.avg_days_between_purchases)
        RETURNING 1)
    SELECT count(*) INTO changed FROM upserted;

    -- customers whose completed orders are gone no longer have RFM scores
    DELETE FROM @extschema@.customer_rfm_scores s
    WHERE NOT EXISTS (SELECT 1 FROM pg_temp.cs_rfm_fresh f WHERE f.customer_id = s.customer_id);
    GET DIAGNOSTICS removed = ROW_COUNT;
    DROP TABLE pg_temp.cs_rfm_fresh;
    RETURN changed + removed;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_rfm_scores(timestamptz) IS
    'Nightly: RFM scores, segment and churn risk of every customer from completed orders up to as_of; returns the rows changed';

CREATE FUNCTION @extschema@.refresh_customer_lifecycle(
    as_of timestamptz DEFAULT pg_catalog.now(),
    batch_size integer DEFAULT 10000)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    changed bigint := 0;
    done bigint := 0;
    total bigint;
    ids bigint[];
    last_id bigint := -1;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF batch_size IS NULL THEN
        RAISE EXCEPTION 'batch_size must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be greater than 0' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    LOOP
        SELECT array_agg(id ORDER BY id) INTO ids
        FROM (SELECT id FROM @extschema@.customers WHERE id > last_id ORDER BY id LIMIT batch_size) b;
        EXIT WHEN ids IS NULL;
        changed := changed + @extschema@.recompute_customer_totals(ids, as_of);
        last_id := ids[array_upper(ids, 1)];
        done := done + array_length(ids, 1);
        IF total IS NULL THEN
            SELECT count(*) INTO total FROM @extschema@.customers;
        END IF;
        IF total > batch_size THEN
            RAISE NOTICE 'refresh_customer_lifecycle: % of % customers, % changed', done, total, changed;
        END IF;
    END LOOP;
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_customer_lifecycle(timestamptz, integer) IS
    'Nightly: order totals, lifecycle_stage and customer_type of every customer as of as_of (customers turn inactive with time); returns the customers changed';

-- The profile fields whose presence makes a profile complete.
CREATE FUNCTION @extschema@.profile_fields()
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '{first_name,last_name,email,phone,date_of_birth,gender,city,district,profession,available_time}'::text[];
COMMENT ON FUNCTION @extschema@.profile_fields() IS
    'The customer columns that profile completeness counts';

CREATE FUNCTION @extschema@.refresh_health_scores(as_of timestamptz DEFAULT pg_catalog.now())
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    spend_p90 numeric;
    changed bigint;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY spend) INTO spend_p90
    FROM (SELECT sum(total_amount) AS spend FROM @extschema@.orders
          WHERE status = 'completed' AND ordered_at > as_of - interval '90 days' AND ordered_at <= as_of
          GROUP BY customer_id) s;

    IF to_regclass('pg_temp.cs_health_fresh') IS NOT NULL THEN
        DROP TABLE pg_temp.cs_health_fresh;
    END IF;
    CREATE TEMP TABLE cs_health_fresh ON COMMIT DROP AS
    SELECT k.*,
           @extschema@.health_score(k.visit_frequency, k.spending_behavior, k.loyalty_engagement,
                                    k.feedback_sentiment, k.communication_response,
                                    k.recency_factor) AS health_score,
           -- engagement: visits, loyalty activity and answering us, equally
           round((k.visit_frequency + k.loyalty_engagement + k.communication_response) / 3, 2)
               AS engagement_score
    FROM (SELECT c.id AS customer_id,
                 round(least(100, coalesce(v.visits, 0) * 100.0 / 12), 2) AS visit_frequency,
                 round(CASE WHEN coalesce(spend_p90, 0) = 0 THEN 0
                            ELSE least(100, coalesce(v.spend, 0) * 100 / spend_p90) END, 2)
                     AS spending_behavior,
                 round(least(100, coalesce(l.transactions, 0) * 10.0), 2) AS loyalty_engagement,
                 round(coalesce(fb.average, 50), 2) AS feedback_sentiment,
                 round(CASE WHEN coalesce(cm.sent, 0) = 0 THEN 50
                            ELSE cm.replied * 100.0 / cm.sent END, 2) AS communication_response,
                 round(CASE WHEN v.last_at IS NULL THEN 0
                            ELSE greatest(0, 100 - @extschema@.whole_days_between(v.last_at, as_of)
                                                   * 100.0 / 90) END, 2) AS recency_factor,
                 @extschema@.profile_completeness(c.profile, @extschema@.profile_fields())
                     AS profile_completeness,
                 @extschema@.profile_missing_fields(c.profile, @extschema@.profile_fields())
                     AS missing_fields,
                 @extschema@.churn_risk(
                     CASE WHEN v.last_at IS NOT NULL
                          THEN @extschema@.whole_days_between(v.last_at, as_of) END,
                     v.orders,
                     CASE WHEN v.orders > 1
                          THEN (extract(epoch FROM v.last_at) - extract(epoch FROM v.first_at)) / 86400.0
                               / (v.orders - 1) END) AS churn_risk
          -- each customer's profile fields (those of profile_fields()) as
          -- jsonb, built once (OFFSET 0 keeps the planner from copying the
          -- expression into both uses): to_jsonb(c) of the whole row costs
          -- several times as much
          FROM (SELECT c.id,
                       jsonb_build_object(
                           'first_name', c.first_name, 'last_name', c.last_name,
                           'email', c.email, 'phone', c.phone,
                           'date_of_birth', c.date_of_birth, 'gender', c.gender,
                           'city', c.city, 'district', c.district,
                           'profession', c.profession, 'available_time', c.available_time)
                           AS profile
                FROM @extschema@.customers c
                OFFSET 0) c
          -- one pass over each source, grouped and hash-joined (a lookup
          -- per customer would be 4 index scans per customer); a customer
          -- without rows gets NULLs, which the expressions above read as 0
          LEFT JOIN (
              -- orders as they stood at as_of
              SELECT o.customer_id,
                     count(*) FILTER (WHERE o.ordered_at > as_of - interval '90 days') AS visits,
                     sum(o.total_amount) FILTER (WHERE o.ordered_at > as_of - interval '90 days')
                         AS spend,
                     count(*)::integer AS orders, min(o.ordered_at) AS first_at,
                     max(o.ordered_at) AS last_at
              FROM @extschema@.orders o
              WHERE o.status = 'completed' AND o.ordered_at <= as_of
              GROUP BY o.customer_id) v ON v.customer_id = c.id
          LEFT JOIN (
              SELECT g.customer_id, count(*) AS transactions
              FROM @extschema@.customer_loyalty_ledger g
              WHERE g.created_at > as_of - interval '90 days' AND g.created_at <= as_of
              GROUP BY g.customer_id) l ON l.customer_id = c.id
          LEFT JOIN (
              SELECT i.customer_id, avg(i.feedback_score) AS average
              FROM @extschema@.customer_interactions i
              WHERE i.feedback_score IS NOT NULL
              GROUP BY i.customer_id) fb ON fb.customer_id = c.id
          LEFT JOIN (
              SELECT m.customer_id, count(*) AS sent,
                     count(*) FILTER (WHERE m.status = 'replied' OR m.replied_at IS NOT NULL)
                         AS replied
              FROM @extschema@.customer_communications m
              WHERE m.direction = 'outbound'
              GROUP BY m.customer_id) cm ON cm.customer_id = c.id) k;

    IF (SELECT count(*) FROM pg_temp.cs_health_fresh) > 10000 THEN
        RAISE NOTICE 'refresh_health_scores: scored % customers, writing changes',
            (SELECT count(*) FROM pg_temp.cs_health_fresh);
    END IF;

    WITH upserted AS (
        INSERT INTO @extschema@.customer_health_scores AS s
            (customer_id, visit_frequency, spending_behavior, loyalty_engagement,
             feedback_sentiment, communication_response, recency_factor, health_score,
             health_level, engagement_score, engagement_level, churn_risk, profile_completeness,
             completeness_level, missing_fields, calculated_at, as_of)
        SELECT f.customer_id, f.visit_frequency, f.spending_behavior, f.loyalty_engagement,
               f.feedback_sentiment, f.communication_response, f.recency_factor, f.health_score,
               @extschema@.health_level(f.health_score), f.engagement_score,
               @extschema@.engagement_level(f.engagement_score),
               f.churn_risk, f.profile_completeness,
               @extschema@.completeness_level(f.profile_completeness), f.missing_fields,
               now(), as_of
        FROM pg_temp.cs_health_fresh f
        ON CONFLICT (customer_id) DO UPDATE
        SET visit_frequency = excluded.visit_frequency,
            spending_behavior = excluded.spending_behavior,
            loyalty_engagement = excluded.loyalty_engagement,
            feedback_sentiment = excluded.feedback_sentiment,
            communication_response = excluded.communication_response,
            recency_factor = excluded.recency_factor, health_score = excluded.health_score,
            health_level = excluded.health_level, engagement_score = excluded.engagement_score,
            engagement_level = excluded.engagement_level,
            churn_risk = excluded.churn_risk, profile_completeness = excluded.profile_completeness,
            completeness_level = excluded.completeness_level,
            missing_fields = excluded.missing_fields,
            calculated_at = excluded.calculated_at, as_of = excluded.as_of
        WHERE (s.visit_frequency, s.spending_behavior, s.loyalty_engagement, s.feedback_sentiment,
               s.communication_response, s.recency_factor, s.churn_risk, s.profile_completeness,
               s.missing_fields)
              IS DISTINCT FROM
              (excluded.visit_frequency, excluded.spending_behavior, excluded.loyalty_engagement,
               excluded.feedback_sentiment, excluded.communication_response,
               excluded.recency_factor, excluded.churn_risk, excluded.profile_completeness,
               excluded.missing_fields)
        RETURNING s.customer_id, s.health_score, s.health_level)
    SELECT count(*) INTO changed FROM upserted;

    -- history of every score or level change since the last refresh: each
    -- customer's latest history row found in one pass (a per-customer lookup
    -- is planned as a scan per customer while the history table looks empty)
    INSERT INTO @extschema@.customer_health_score_history
        (customer_id, health_score, health_level, previous_score, score_change, change_trigger)
    SELECT s.customer_id, s.health_score, s.health_level, p.health_score,
           s.health_score - p.health_score, 'refresh'
    FROM @extschema@.customer_health_scores s
    LEFT JOIN (SELECT DISTINCT ON (h.customer_id) h.customer_id, h.health_score, h.health_level
               FROM @extschema@.customer_health_score_history h
               ORDER BY h.customer_id, h.created_at DESC, h.id DESC) p
           ON p.customer_id = s.customer_id
    WHERE p.customer_id IS NULL
       OR (s.health_score, s.health_level) IS DISTINCT FROM (p.health_score, p.health_level);
    DROP TABLE pg_temp.cs_health_fresh;
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_health_scores(timestamptz) IS
    'Nightly: health components, score, levels, churn risk and profile completeness of every customer as of as_of; writes history of changes; returns the rows changed';
