-- src/sql/code/61_crm_refresh.sql — nightly batch refreshes of the CRM scores:
-- customer lifecycle (order totals, stage, type), RFM and health.  Written as
-- 60_warmth_refresh.sql explains: batches of customer ids, set-based
-- statements on the id range, no lost write, the owner's rights, never on a
-- subscriber.  Each writes only the rows that changed and returns how many.

CREATE FUNCTION @extschema@.refresh_customer_lifecycle(
    as_of timestamptz DEFAULT pg_catalog.now(),
    batch_size integer DEFAULT 10000)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
-- as_of is also a column of the score tables; unqualified, it means the argument
#variable_conflict use_variable
DECLARE
    vip numeric := @extschema@.setting('vip_threshold')::numeric;
    stamp timestamptz := now();
    total bigint;
    done bigint := 0;
    changed bigint := 0;
    updated bigint;
    batch_done bigint;
    last_id bigint := -9223372036854775808;
    upper_id bigint;
    again bigint[];
    passes integer;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.refresh_batch_end(last_id, batch_size);    -- checks batch_size
    PERFORM @extschema@.refuse_on_subscriber('refresh_customer_lifecycle');
    SELECT count(*) INTO total FROM @extschema@.customers;

    LOOP
        upper_id := @extschema@.refresh_batch_end(last_id, batch_size);
        EXIT WHEN upper_id IS NULL;
        again := NULL;
        passes := 0;
        LOOP
            passes := passes + 1;
            -- each customer's completed orders, stage and type at as_of, and
            -- what was read of the totals the orders trigger keeps
            WITH fresh AS MATERIALIZED (
                SELECT c.id, c.total_orders, c.lifetime_value, c.first_order_at, c.last_order_at,
                       c.lifecycle_stage, c.customer_type,
                       COALESCE(o.completed, 0) AS completed, COALESCE(o.value, 0) AS value,
                       o.first_at, o.last_at,
                       COALESCE(o.completed, 0) = 0
                       AND (EXISTS (SELECT 1 FROM @extschema@.customer_interactions AS i
                                    WHERE i.customer_id = c.id)
                            OR EXISTS (SELECT 1 FROM @extschema@.customer_behavior AS b
                                       WHERE b.customer_id = c.id)
                            OR EXISTS (SELECT 1 FROM @extschema@.customer_engagement_events AS e
                                       WHERE e.customer_id = c.id)) AS active
                FROM @extschema@.customers AS c
                LEFT JOIN (
                    SELECT x.customer_id, count(*)::integer AS completed,
                           sum(x.total_amount) AS value, min(x.ordered_at) AS first_at,
                           max(x.ordered_at) AS last_at
                    FROM @extschema@.orders AS x
                    WHERE x.status = 'completed'
                      AND x.customer_id > last_id AND x.customer_id <= upper_id
                    GROUP BY x.customer_id) AS o ON o.customer_id = c.id
                WHERE c.id > last_id AND c.id <= upper_id
                  AND (again IS NULL OR c.id = ANY (again))
            ), changes AS MATERIALIZED (
                SELECT f.*,
                       @extschema@.lifecycle_stage_for(f.completed, f.last_at, f.active, as_of) AS stage,
                       @extschema@.customer_type_for(f.completed, f.last_at, f.value, vip, as_of) AS kind
                FROM fresh AS f
            ), written AS (
                UPDATE @extschema@.customers AS c
                SET total_orders = k.completed, lifetime_value = k.value,
                    first_order_at = k.first_at, last_order_at = k.last_at,
                    lifecycle_stage = k.stage, customer_type = k.kind, updated_at = stamp
                FROM changes AS k
                WHERE c.id = k.id
                  AND c.id > last_id AND c.id <= upper_id
                  AND (k.total_orders, k.lifetime_value, k.first_order_at, k.last_order_at,
                       k.lifecycle_stage, k.customer_type)
                      IS DISTINCT FROM (k.completed, k.value, k.first_at, k.last_at, k.stage, k.kind)
                  -- still what was read: else an order came in between
                  AND (c.total_orders, c.lifetime_value, c.first_order_at, c.last_order_at)
                      IS NOT DISTINCT FROM (k.total_orders, k.lifetime_value, k.first_order_at, k.last_order_at)
                RETURNING c.id)
            SELECT count(x.id),
                   array_agg(k.id) FILTER (WHERE x.id IS NULL
                                           AND (k.total_orders, k.lifetime_value, k.first_order_at,
                                                k.last_order_at, k.lifecycle_stage, k.customer_type)
                                               IS DISTINCT FROM (k.completed, k.value, k.first_at,
                                                                 k.last_at, k.stage, k.kind))
            INTO updated, again
            FROM changes AS k LEFT JOIN written AS x ON x.id = k.id;
            changed := changed + updated;
            EXIT WHEN again IS NULL;
            IF passes >= 10 THEN
                RAISE WARNING 'refresh_customer_lifecycle: % customers kept changing while being refreshed; the orders trigger keeps them current',
                    cardinality(again);
                EXIT;
            END IF;
        END LOOP;
        SELECT count(*) INTO batch_done FROM @extschema@.customers AS c
        WHERE c.id > last_id AND c.id <= upper_id;
        done := done + batch_done;
        last_id := upper_id;
        IF total > batch_size THEN
            RAISE NOTICE 'refresh_customer_lifecycle: % of % customers, % changed', done, total, changed;
        END IF;
    END LOOP;
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_customer_lifecycle(timestamptz, integer) IS
    'Nightly: order totals, lifecycle_stage and customer_type of every customer as of as_of (customers turn inactive with time), in batches; a customer an order changed meanwhile is read again, never overwritten with older totals; returns the customers changed';

CREATE FUNCTION @extschema@.refresh_rfm_scores(
    as_of timestamptz DEFAULT pg_catalog.now(),
    batch_size integer DEFAULT 10000)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
-- as_of is also a column of the score tables; unqualified, it means the argument
#variable_conflict use_variable
DECLARE
    stamp timestamptz := now();
    total bigint;
    done bigint := 0;
    changed bigint := 0;
    n bigint;
    batch_done bigint;
    last_id bigint := -9223372036854775808;
    upper_id bigint;
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.refresh_batch_end(last_id, batch_size);    -- checks batch_size
    PERFORM @extschema@.refuse_on_subscriber('refresh_rfm_scores');
    SELECT count(*) INTO total FROM @extschema@.customers;

    LOOP
        upper_id := @extschema@.refresh_batch_end(last_id, batch_size);
        EXIT WHEN upper_id IS NULL;

        INSERT INTO @extschema@.customer_rfm_scores AS s
            (customer_id, recency_days, last_purchase_at, purchase_count, total_spent, recency_score,
             frequency_score, monetary_score, rfm_cell, rfm_total, segment, churn_risk,
             avg_days_between_purchases, calculated_at, as_of)
        SELECT f.customer_id, f.recency_days, f.last_at, f.purchase_count, f.total_spent,
               (f.r).recency_score, (f.r).frequency_score, (f.r).monetary_score,
               (f.r).rfm_cell, (f.r).rfm_total, (f.r).segment,
               @extschema@.churn_risk(f.recency_days, f.purchase_count, f.avg_days),
               f.avg_days, stamp, as_of
        FROM (SELECT o.customer_id, o.purchase_count, o.total_spent, o.last_at,
                     @extschema@.whole_days_between(o.last_at, as_of) AS recency_days,
                     CASE WHEN o.purchase_count > 1
                          THEN round((extract(epoch FROM o.last_at) - extract(epoch FROM o.first_at))
                                     / 86400.0 / (o.purchase_count - 1), 2) END AS avg_days,
                     @extschema@.rfm_score(o.last_at, o.purchase_count, o.total_spent, as_of) AS r
              FROM (SELECT x.customer_id, count(*)::integer AS purchase_count,
                           sum(x.total_amount) AS total_spent, min(x.ordered_at) AS first_at,
                           max(x.ordered_at) AS last_at
                    FROM @extschema@.orders AS x
                    JOIN @extschema@.customers AS c ON c.id = x.customer_id
                    WHERE x.status = 'completed' AND x.ordered_at <= as_of
                      AND x.customer_id > last_id AND x.customer_id <= upper_id
                    GROUP BY x.customer_id) AS o) AS f
        ON CONFLICT ON CONSTRAINT customer_rfm_scores_pkey DO UPDATE
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
               excluded.avg_days_between_purchases);
        GET DIAGNOSTICS n = ROW_COUNT;
        changed := changed + n;

        -- customers whose completed orders (up to as_of) are gone have no RFM scores
        DELETE FROM @extschema@.customer_rfm_scores AS s
        WHERE s.customer_id > last_id AND s.customer_id <= upper_id
          AND NOT EXISTS (SELECT 1 FROM @extschema@.orders AS x
                          WHERE x.customer_id = s.customer_id
                            AND x.status = 'completed' AND x.ordered_at <= as_of);
        GET DIAGNOSTICS n = ROW_COUNT;
        changed := changed + n;

        SELECT count(*) INTO batch_done FROM @extschema@.customers AS c
        WHERE c.id > last_id AND c.id <= upper_id;
        done := done + batch_done;
        last_id := upper_id;
        IF total > batch_size THEN
            RAISE NOTICE 'refresh_rfm_scores: % of % customers, % changed', done, total, changed;
        END IF;
    END LOOP;
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_rfm_scores(timestamptz, integer) IS
    'Nightly: RFM scores, segment and churn risk of every customer from completed orders up to as_of, in batches; returns the rows changed';

-- The profile fields whose presence makes a profile complete.
CREATE FUNCTION @extschema@.profile_fields()
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '{first_name,last_name,email,phone,date_of_birth,gender,city,district,profession,available_time}'::text[];
COMMENT ON FUNCTION @extschema@.profile_fields() IS
    'The customer columns that profile completeness counts';

CREATE FUNCTION @extschema@.refresh_health_scores(
    as_of timestamptz DEFAULT pg_catalog.now(),
    batch_size integer DEFAULT 10000)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
-- as_of is also a column of the score tables; unqualified, it means the argument
#variable_conflict use_variable
DECLARE
    stamp timestamptz := now();
    spend_p90 numeric;
    total bigint;
    done bigint := 0;
    changed bigint := 0;
    n bigint;
    batch_done bigint;
    last_id bigint := -9223372036854775808;
    upper_id bigint;
    scored bigint;
    ranks jsonb;
    bench record;
    segments text[];
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.refresh_batch_end(last_id, batch_size);    -- checks batch_size
    PERFORM @extschema@.refuse_on_subscriber('refresh_health_scores');
    SELECT count(*) INTO total FROM @extschema@.customers;

    -- the 90th percentile of the customers' spend of the last 90 days
    SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY s.spend) INTO spend_p90
    FROM (SELECT sum(x.total_amount) AS spend FROM @extschema@.orders AS x
          WHERE x.status = 'completed' AND x.ordered_at > as_of - interval '90 days'
            AND x.ordered_at <= as_of
          GROUP BY x.customer_id) AS s;

    LOOP
        upper_id := @extschema@.refresh_batch_end(last_id, batch_size);
        EXIT WHEN upper_id IS NULL;

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
               stamp, as_of
        FROM (SELECT k.*,
                     @extschema@.health_score(k.visit_frequency, k.spending_behavior,
                                              k.loyalty_engagement, k.feedback_sentiment,
                                              k.communication_response, k.recency_factor)
                         AS health_score,
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
                                    THEN (extract(epoch FROM v.last_at) - extract(epoch FROM v.first_at))
                                         / 86400.0 / (v.orders - 1) END) AS churn_risk
                    -- each customer's profile fields (those of profile_fields()) as jsonb:
                    -- to_jsonb(c) of the whole row costs several times as much
                    FROM (SELECT c.id,
                                 jsonb_build_object(
                                     'first_name', c.first_name, 'last_name', c.last_name,
                                     'email', c.email, 'phone', c.phone,
                                     'date_of_birth', c.date_of_birth, 'gender', c.gender,
                                     'city', c.city, 'district', c.district,
                                     'profession', c.profession, 'available_time', c.available_time)
                                     AS profile
                          FROM @extschema@.customers AS c
                          WHERE c.id > last_id AND c.id <= upper_id) AS c
                    -- one pass over each source, grouped and hash-joined; a customer
                    -- without rows gets NULLs, which the expressions above read as 0
                    LEFT JOIN (
                        -- orders as they stood at as_of
                        SELECT o.customer_id,
                               count(*) FILTER (WHERE o.ordered_at > as_of - interval '90 days') AS visits,
                               sum(o.total_amount) FILTER (WHERE o.ordered_at > as_of - interval '90 days')
                                   AS spend,
                               count(*)::integer AS orders, min(o.ordered_at) AS first_at,
                               max(o.ordered_at) AS last_at
                        FROM @extschema@.orders AS o
                        WHERE o.status = 'completed' AND o.ordered_at <= as_of
                          AND o.customer_id > last_id AND o.customer_id <= upper_id
                        GROUP BY o.customer_id) AS v ON v.customer_id = c.id
                    LEFT JOIN (
                        SELECT g.customer_id, count(*) AS transactions
                        FROM @extschema@.customer_loyalty_ledger AS g
                        WHERE g.created_at > as_of - interval '90 days' AND g.created_at <= as_of
                          AND g.customer_id > last_id AND g.customer_id <= upper_id
                        GROUP BY g.customer_id) AS l ON l.customer_id = c.id
                    LEFT JOIN (
                        SELECT i.customer_id, avg(i.feedback_score) AS average
                        FROM @extschema@.customer_interactions AS i
                        WHERE i.feedback_score IS NOT NULL
                          AND i.customer_id > last_id AND i.customer_id <= upper_id
                        GROUP BY i.customer_id) AS fb ON fb.customer_id = c.id
                    LEFT JOIN (
                        SELECT m.customer_id, count(*) AS sent,
                               count(*) FILTER (WHERE m.status = 'replied' OR m.replied_at IS NOT NULL)
                                   AS replied
                        FROM @extschema@.customer_communications AS m
                        WHERE m.direction = 'outbound'
                          AND m.customer_id > last_id AND m.customer_id <= upper_id
                        GROUP BY m.customer_id) AS cm ON cm.customer_id = c.id) AS k) AS f
        ON CONFLICT ON CONSTRAINT customer_health_scores_pkey DO UPDATE
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
               excluded.missing_fields);
        GET DIAGNOSTICS n = ROW_COUNT;
        changed := changed + n;

        -- history of every score, level or engagement change since the last
        -- refresh: each customer's latest history row found in one pass
        INSERT INTO @extschema@.customer_health_score_history
            (customer_id, health_score, health_level, previous_score, score_change, change_trigger,
             created_at, engagement_score)
        SELECT s.customer_id, s.health_score, s.health_level, p.health_score,
               s.health_score - p.health_score, 'refresh', stamp, s.engagement_score
        FROM @extschema@.customer_health_scores AS s
        LEFT JOIN (SELECT DISTINCT ON (h.customer_id) h.customer_id, h.health_score, h.health_level,
                          h.engagement_score
                   FROM @extschema@.customer_health_score_history AS h
                   WHERE h.customer_id > last_id AND h.customer_id <= upper_id
                   ORDER BY h.customer_id, h.created_at DESC, h.id DESC) AS p
               ON p.customer_id = s.customer_id
        WHERE s.customer_id > last_id AND s.customer_id <= upper_id
          AND (p.customer_id IS NULL
               OR (s.health_score, s.health_level, s.engagement_score)
                  IS DISTINCT FROM (p.health_score, p.health_level, p.engagement_score));

        SELECT count(*) INTO batch_done FROM @extschema@.customers AS c
        WHERE c.id > last_id AND c.id <= upper_id;
        done := done + batch_done;
        last_id := upper_id;
        IF total > batch_size THEN
            RAISE NOTICE 'refresh_health_scores: % of % customers, % changed', done, total, changed;
        END IF;
    END LOOP;

    -- Benchmarks (SPEC §3.8), once every batch is written.  Percentile rank
    -- = 100 * percent_rank() = 100 * (scores strictly lower) / (scored - 1),
    -- in numeric: a score has at most 10,001 values, so the rank of each is
    -- computed once into a jsonb object (score as text -> rank) and every
    -- batch looks its customers' scores up in it.
    SELECT count(*) INTO scored
    FROM @extschema@.customer_health_scores AS h
    WHERE h.health_score IS NOT NULL;
    SELECT COALESCE(jsonb_object_agg(r.score::text,
                                     round(100.0 * r.below / greatest(scored - 1, 1), 2)), '{}'::jsonb)
    INTO ranks
    FROM (SELECT g.score, sum(g.n) OVER (ORDER BY g.score) - g.n AS below
          FROM (SELECT h.health_score AS score, count(*) AS n
                FROM @extschema@.customer_health_scores AS h
                WHERE h.health_score IS NOT NULL
                GROUP BY h.health_score) AS g) AS r;

    last_id := -9223372036854775808;
    LOOP
        upper_id := @extschema@.refresh_batch_end(last_id, batch_size);
        EXIT WHEN upper_id IS NULL;
        -- a NULL score has no rank (ranks ->> NULL is NULL)
        UPDATE @extschema@.customer_health_scores AS s
        SET percentile_rank = (ranks ->> s.health_score::text)::numeric
        WHERE s.customer_id > last_id AND s.customer_id <= upper_id
          AND s.percentile_rank IS DISTINCT FROM (ranks ->> s.health_score::text)::numeric;
        last_id := upper_id;
    END LOOP;

    -- per RFM segment and overall ('all'): customers, average score, and the
    -- mean of the scores at or above the 90th percentile (ties included).
    -- Computed set-based, then written row by row (a handful): on Citus the
    -- table is a reference table, written with plain VALUES.
    segments := '{}';
    FOR bench IN
        WITH scores AS MATERIALIZED (
            SELECT 'all'::text AS segment, h.health_score AS score
            FROM @extschema@.customer_health_scores AS h
            WHERE h.health_score IS NOT NULL
            UNION ALL
            SELECT r.segment::text, h.health_score
            FROM @extschema@.customer_health_scores AS h
            JOIN @extschema@.customer_rfm_scores AS r ON r.customer_id = h.customer_id
            WHERE h.health_score IS NOT NULL AND r.segment IS NOT NULL
        ), p90 AS (
            SELECT q.segment, percentile_cont(0.9) WITHIN GROUP (ORDER BY q.score::float8) AS p90
            FROM scores AS q
            GROUP BY q.segment)
        SELECT j.segment, count(*) AS customers, round(avg(j.score), 2) AS average_health,
               round(avg(j.score) FILTER (WHERE j.score::float8 >= p.p90), 2) AS top_performer_average
        FROM scores AS j
        JOIN p90 AS p ON p.segment = j.segment
        GROUP BY j.segment
    LOOP
        segments := segments || bench.segment;
        INSERT INTO @extschema@.customer_health_benchmarks AS b
            (segment, customers, average_health, top_performer_average, calculated_at, as_of)
        VALUES (bench.segment, bench.customers, bench.average_health, bench.top_performer_average,
                stamp, as_of)
        ON CONFLICT ON CONSTRAINT customer_health_benchmarks_pkey DO UPDATE
        SET customers = excluded.customers, average_health = excluded.average_health,
            top_performer_average = excluded.top_performer_average,
            calculated_at = excluded.calculated_at, as_of = excluded.as_of
        WHERE (b.customers, b.average_health, b.top_performer_average)
              IS DISTINCT FROM (excluded.customers, excluded.average_health,
                                excluded.top_performer_average);
    END LOOP;
    -- a segment left without scored customers has no benchmark any more
    DELETE FROM @extschema@.customer_health_benchmarks AS b
    WHERE b.segment <> ALL (segments);
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_health_scores(timestamptz, integer) IS
    'Nightly: health components, score, levels, churn risk and profile completeness of every customer as of as_of, in batches; writes history of changes (score, level or engagement score); then each customer''s percentile_rank and the benchmarks of customer_health_benchmarks; returns the health rows whose scores changed';
