-- src/sql/code/70_api.sql — the REST endpoints of the original documents as SQL
-- functions returning jsonb (SPEC §4), so that an application needs no
-- backend code: customer data management (originals/002), health (003),
-- customer-management CRM (004) and warmth (000).  The README's section
-- "REST endpoints and their SQL" maps every endpoint to its function.
--
-- Conventions of every function here:
--   * Reads of one customer filter on customer_id, so they are index scans;
--     they return NULL for an unknown customer, and [] for a known customer
--     with nothing to list.
--   * Writers take a JSON object whose keys are column names; the camelCase
--     keys of the original request bodies (productId, firstName, ...) are
--     accepted too, and unknown keys are ignored.  customer_id always comes
--     from the argument, never from the object.  They return the written row.
--   * "limit" and "offset" must not be negative (22023); NULL = no limit.
--   * Bodies are BEGIN ATOMIC (parsed when the extension is created, so no
--     caller's search_path can redirect them); the few PL/pgSQL functions pin
--     search_path.  Reads are STABLE PARALLEL SAFE, writers VOLATILE
--     PARALLEL UNSAFE, none is SECURITY DEFINER.

-- ---------------------------------------------------------------------------
-- argument checks shared by the endpoints
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.api_json_object(payload jsonb, argument text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF payload IS NULL THEN
        RAISE EXCEPTION '% must not be null', argument USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF jsonb_typeof(payload) <> 'object' THEN
        RAISE EXCEPTION '% must be a JSON object', argument USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- camelCase keys get a snake_case twin; a key given in snake_case wins
    RETURN COALESCE((SELECT jsonb_object_agg(lower(regexp_replace(e.key, '([a-z0-9])([A-Z])', '\1_\2', 'g')),
                                             e.value)
                     FROM jsonb_each(payload) AS e
                     WHERE e.key ~ '[A-Z]'), '{}'::jsonb) || payload;
END
$$;
COMMENT ON FUNCTION @extschema@.api_json_object(jsonb, text) IS
    'Checks that a request body is a JSON object (22023 otherwise, 22004 for NULL) and adds snake_case twins of its camelCase keys';

CREATE FUNCTION @extschema@.api_non_negative(value integer, argument text)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF value < 0 THEN
        RAISE EXCEPTION '% must not be negative', argument USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN value;
END
$$;
COMMENT ON FUNCTION @extschema@.api_non_negative(integer, text) IS
    'Returns a count argument such as "limit" or "offset" after checking that it is not negative (22023); NULL passes';

-- ===========================================================================
-- Customer data management (originals/002, base URL /cdm)
-- ===========================================================================

-- 1. customer 360 ------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_360(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.to_jsonb(v)
    FROM @extschema@.customer_360_view AS v
    WHERE v.customer_id = customer_360.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_360(bigint) IS
    'GET /cdm/customer360/:customerId — the customer_360_view row as JSON (profile, orders, interactions, behaviour, family, temperature, warmth, RFM, health); NULL for an unknown customer';

-- 2, 22, 23, 24. lists of customers (one shape, one function) ---------------

CREATE FUNCTION @extschema@.customer_360_list(
    customer_type @extschema@.customer_type DEFAULT NULL,
    lifecycle_stage @extschema@.lifecycle_stage DEFAULT NULL,
    temperature @extschema@.customer_temperature DEFAULT NULL,
    "limit" integer DEFAULT 100,
    "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    -- the page of customers first, then customer_360() of each: one index-driven
    -- lookup per customer listed, never the view of every customer
    SELECT COALESCE(pg_catalog.jsonb_agg(@extschema@.customer_360(k.id) ORDER BY k.lifetime_value DESC, k.id),
                    '[]'::jsonb)
    FROM (SELECT c.id, c.lifetime_value
          FROM @extschema@.customers AS c
          WHERE (customer_360_list.customer_type IS NULL
                 OR c.customer_type = customer_360_list.customer_type)
            AND (customer_360_list.lifecycle_stage IS NULL
                 OR c.lifecycle_stage = customer_360_list.lifecycle_stage)
            AND (customer_360_list.temperature IS NULL
                 OR @extschema@.customer_temperature(
                        CASE WHEN c.last_order_at IS NOT NULL
                             THEN @extschema@.whole_days_between(c.last_order_at, pg_catalog.now()) END,
                        (SELECT pg_catalog.count(*)::integer
                         FROM @extschema@.customer_interactions AS i
                         WHERE i.customer_id = c.id
                           AND i.interaction_date >= pg_catalog.now() - interval '30 days'))
                    = customer_360_list.temperature)
          ORDER BY c.lifetime_value DESC, c.id
          LIMIT @extschema@.api_non_negative(customer_360_list."limit", 'limit')
          OFFSET @extschema@.api_non_negative(customer_360_list."offset", 'offset')) AS k;
END;
COMMENT ON FUNCTION @extschema@.customer_360_list(@extschema@.customer_type, @extschema@.lifecycle_stage, @extschema@.customer_temperature, integer, integer) IS
    'GET /cdm/customer360?customerType=&lifecycleStage=&temperature=&limit=&offset= — JSON array of customer_360 objects, highest lifetime value first; a NULL filter matches everyone';

CREATE FUNCTION @extschema@.customers_by_lifecycle(
    stage @extschema@.lifecycle_stage, "limit" integer DEFAULT 100, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN stage IS NOT NULL
            THEN @extschema@.customer_360_list(lifecycle_stage => stage, "limit" => "limit",
                                               "offset" => "offset") END;
COMMENT ON FUNCTION @extschema@.customers_by_lifecycle(@extschema@.lifecycle_stage, integer, integer) IS
    'GET /cdm/lifecycle/:stage — customers in a lifecycle stage, as customer_360_list';

CREATE FUNCTION @extschema@.customers_by_type(
    type @extschema@.customer_type, "limit" integer DEFAULT 100, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN type IS NOT NULL
            THEN @extschema@.customer_360_list(customer_type => type, "limit" => "limit",
                                               "offset" => "offset") END;
COMMENT ON FUNCTION @extschema@.customers_by_type(@extschema@.customer_type, integer, integer) IS
    'GET /cdm/type/:type — customers of a type (new, repeat, vip, inactive), as customer_360_list';

CREATE FUNCTION @extschema@.customers_by_temperature(
    temperature @extschema@.customer_temperature, "limit" integer DEFAULT 100, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN temperature IS NOT NULL
            THEN @extschema@.customer_360_list(temperature => temperature, "limit" => "limit",
                                               "offset" => "offset") END;
COMMENT ON FUNCTION @extschema@.customers_by_temperature(@extschema@.customer_temperature, integer, integer) IS
    'GET /cdm/temperature/:temperature — hot, warm or cold customers, as customer_360_list';

-- 3-6. family members --------------------------------------------------------

CREATE FUNCTION @extschema@.family_members(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) ORDER BY m.id), '[]'::jsonb)
            FROM @extschema@.customer_family_members AS m
            WHERE m.customer_id = c.id)
    FROM @extschema@.customers AS c
    WHERE c.id = family_members.customer_id;
END;
COMMENT ON FUNCTION @extschema@.family_members(bigint) IS
    'GET /cdm/family/:customerId — JSON array of the customer''s family members; NULL for an unknown customer';

CREATE FUNCTION @extschema@.add_family_member(customer_id bigint, member jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    INSERT INTO @extschema@.customer_family_members AS m
        (customer_id, name, relationship, phone, email, date_of_birth, anniversary_date,
         gender, profession, notes)
    SELECT add_family_member.customer_id, r.name, r.relationship, r.phone, r.email,
           r.date_of_birth, r.anniversary_date, r.gender, r.profession, r.notes
    FROM pg_catalog.jsonb_populate_record(
             NULL::@extschema@.customer_family_members,
             @extschema@.api_json_object(add_family_member.member, 'member')) AS r
    RETURNING pg_catalog.to_jsonb(m.*);
END;
COMMENT ON FUNCTION @extschema@.add_family_member(bigint, jsonb) IS
    'POST /cdm/family — adds a family member ({"name", "relationship", "phone", "date_of_birth", "anniversary_date", ...}) and returns the row';

CREATE FUNCTION @extschema@.update_family_member(customer_id bigint, member_id bigint, changes jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    UPDATE @extschema@.customer_family_members AS m
    SET (name, relationship, phone, email, date_of_birth, anniversary_date, gender, profession,
         notes, updated_at) =
        (SELECT r.name, r.relationship, r.phone, r.email, r.date_of_birth, r.anniversary_date,
                r.gender, r.profession, r.notes, pg_catalog.now()
         FROM pg_catalog.jsonb_populate_record(
                  m, @extschema@.api_json_object(update_family_member.changes, 'changes')) AS r)
    WHERE m.customer_id = update_family_member.customer_id
      AND m.id = update_family_member.member_id
      -- checked once, before any row is read, so a bad body fails even when no row matches
      AND @extschema@.api_json_object(update_family_member.changes, 'changes') IS NOT NULL
    RETURNING pg_catalog.to_jsonb(m.*);
END;
COMMENT ON FUNCTION @extschema@.update_family_member(bigint, bigint, jsonb) IS
    'PUT /cdm/family/:id — changes the fields given (others stay) and returns the row; NULL when the customer has no such member';

CREATE FUNCTION @extschema@.delete_family_member(customer_id bigint, member_id bigint)
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    WITH deleted AS (
        DELETE FROM @extschema@.customer_family_members AS m
        WHERE m.customer_id = delete_family_member.customer_id
          AND m.id = delete_family_member.member_id
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM deleted);
END;
COMMENT ON FUNCTION @extschema@.delete_family_member(bigint, bigint) IS
    'DELETE /cdm/family/:id — removes a family member; true when one was removed';

-- 7-9. interactions ------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_interactions_list(
    customer_id bigint, "limit" integer DEFAULT 50, type text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x)
                                                 ORDER BY x.interaction_date DESC, x.id DESC),
                            '[]'::jsonb)
            FROM (SELECT i.*
                  FROM @extschema@.customer_interactions AS i
                  WHERE i.customer_id = c.id
                    AND (customer_interactions_list.type IS NULL
                         OR i.interaction_type = customer_interactions_list.type)
                  ORDER BY i.interaction_date DESC, i.id DESC
                  LIMIT @extschema@.api_non_negative(customer_interactions_list."limit", 'limit')) AS x)
    FROM @extschema@.customers AS c
    WHERE c.id = customer_interactions_list.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_interactions_list(bigint, integer, text) IS
    'GET /cdm/interactions/:customerId?type=&limit= — the customer''s interactions, newest first; NULL for an unknown customer';

CREATE FUNCTION @extschema@.track_interaction(customer_id bigint, interaction jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    INSERT INTO @extschema@.customer_interactions AS i
        (customer_id, interaction_type, channel, interaction_direction, interaction_date, subject,
         description, outcome, duration_seconds, feedback_score, follow_up_required,
         follow_up_date, follow_up_completed, handled_by, notes, metadata)
    SELECT track_interaction.customer_id, r.interaction_type, r.channel, r.interaction_direction,
           COALESCE(r.interaction_date, pg_catalog.now()), r.subject, r.description, r.outcome,
           r.duration_seconds, r.feedback_score, COALESCE(r.follow_up_required, false),
           r.follow_up_date, COALESCE(r.follow_up_completed, false), r.handled_by, r.notes,
           r.metadata
    FROM pg_catalog.jsonb_populate_record(
             NULL::@extschema@.customer_interactions,
             @extschema@.api_json_object(track_interaction.interaction, 'interaction')) AS r
    RETURNING pg_catalog.to_jsonb(i.*);
END;
COMMENT ON FUNCTION @extschema@.track_interaction(bigint, jsonb) IS
    'POST /cdm/interactions — records an interaction ({"interaction_type", "interaction_direction", "subject", "outcome", "duration_seconds", ...}; interaction_date defaults to now) and returns the row';

CREATE FUNCTION @extschema@.interaction_stats(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'customer_id', c.id,
               'total_interactions', s.total,
               'by_type', (SELECT COALESCE(pg_catalog.jsonb_object_agg(t.k, t.n), '{}'::jsonb)
                           FROM (SELECT i.interaction_type AS k, pg_catalog.count(*) AS n
                                 FROM @extschema@.customer_interactions AS i
                                 WHERE i.customer_id = c.id GROUP BY 1) AS t),
               'by_channel', (SELECT COALESCE(pg_catalog.jsonb_object_agg(t.k, t.n), '{}'::jsonb)
                              FROM (SELECT COALESCE(i.channel, 'unknown') AS k, pg_catalog.count(*) AS n
                                    FROM @extschema@.customer_interactions AS i
                                    WHERE i.customer_id = c.id GROUP BY 1) AS t),
               'inbound', s.inbound,
               'outbound', s.outbound,
               'positive_outcomes', s.positive,
               'follow_ups_pending', s.follow_ups_pending,
               'total_duration_seconds', s.duration,
               'first_interaction_at', s.first_at,
               'last_interaction_at', s.last_at,
               'days_since_last_interaction',
                   CASE WHEN s.last_at IS NOT NULL
                        THEN @extschema@.whole_days_between(s.last_at, pg_catalog.now()) END,
               'last_interaction', (SELECT pg_catalog.to_jsonb(i)
                                    FROM @extschema@.customer_interactions AS i
                                    WHERE i.customer_id = c.id
                                    ORDER BY i.interaction_date DESC, i.id DESC LIMIT 1))
    FROM @extschema@.customers AS c
    CROSS JOIN LATERAL (
        SELECT pg_catalog.count(*) AS total,
               pg_catalog.count(*) FILTER (WHERE i.interaction_direction = 'inbound') AS inbound,
               pg_catalog.count(*) FILTER (WHERE i.interaction_direction = 'outbound') AS outbound,
               pg_catalog.count(*) FILTER (WHERE pg_catalog.lower(i.outcome)
                                                 = ANY (@extschema@.positive_outcomes())) AS positive,
               pg_catalog.count(*) FILTER (WHERE i.follow_up_required AND NOT i.follow_up_completed)
                   AS follow_ups_pending,
               COALESCE(pg_catalog.sum(i.duration_seconds), 0) AS duration,
               pg_catalog.min(i.interaction_date) AS first_at,
               pg_catalog.max(i.interaction_date) AS last_at
        FROM @extschema@.customer_interactions AS i
        WHERE i.customer_id = c.id) AS s
    WHERE c.id = interaction_stats.customer_id;
END;
COMMENT ON FUNCTION @extschema@.interaction_stats(bigint) IS
    'GET /cdm/interactions/:customerId/stats — counts by type, channel and direction, positive outcomes (setting customer_scoring.positive_outcomes), pending follow-ups, durations, first and last interaction; NULL for an unknown customer';

-- 10-12. behaviour -------------------------------------------------------------

CREATE FUNCTION @extschema@.track_behavior(customer_id bigint, behavior jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    INSERT INTO @extschema@.customer_behavior AS b
        (customer_id, behavior_type, product_id, product_name, category_id, category, search_query,
         page_url, session_id, device_type, duration_seconds, metadata, created_at)
    SELECT track_behavior.customer_id, r.behavior_type, r.product_id, r.product_name, r.category_id,
           r.category, r.search_query, r.page_url, r.session_id, r.device_type, r.duration_seconds,
           r.metadata, COALESCE(r.created_at, pg_catalog.now())
    FROM pg_catalog.jsonb_populate_record(
             NULL::@extschema@.customer_behavior,
             @extschema@.api_json_object(track_behavior.behavior, 'behavior')) AS r
    RETURNING pg_catalog.to_jsonb(b.*);
END;
COMMENT ON FUNCTION @extschema@.track_behavior(bigint, jsonb) IS
    'POST /cdm/behavior — records browsing behaviour ({"behavior_type", "productId", "sessionId", ...}; created_at defaults to now) and returns the row';

CREATE FUNCTION @extschema@.customer_behaviors(
    customer_id bigint, "limit" integer DEFAULT 50, type text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at DESC, x.id DESC),
                            '[]'::jsonb)
            FROM (SELECT b.*
                  FROM @extschema@.customer_behavior AS b
                  WHERE b.customer_id = c.id
                    AND (customer_behaviors.type IS NULL OR b.behavior_type = customer_behaviors.type)
                  ORDER BY b.created_at DESC, b.id DESC
                  LIMIT @extschema@.api_non_negative(customer_behaviors."limit", 'limit')) AS x)
    FROM @extschema@.customers AS c
    WHERE c.id = customer_behaviors.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_behaviors(bigint, integer, text) IS
    'GET /cdm/behavior/:customerId?type=&limit= — the customer''s behaviour, newest first; NULL for an unknown customer';

CREATE FUNCTION @extschema@.most_viewed_products(customer_id bigint DEFAULT NULL, "limit" integer DEFAULT 10)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE
               WHEN most_viewed_products.customer_id IS NULL
                 OR EXISTS (SELECT 1 FROM @extschema@.customers AS c
                            WHERE c.id = most_viewed_products.customer_id)
               THEN COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(p) ORDER BY p.views DESC, p.product_id),
                             '[]'::jsonb)
           END
    FROM (SELECT v.product_id, pg_catalog.max(v.product_name) AS product_name,
                 pg_catalog.count(*) AS views, pg_catalog.count(DISTINCT v.customer_id) AS viewers,
                 pg_catalog.max(v.created_at) AS last_viewed_at
          FROM (-- one customer: its index; everyone: the whole table
                SELECT b.customer_id, b.product_id, b.product_name, b.created_at
                FROM @extschema@.customer_behavior AS b
                WHERE b.customer_id = most_viewed_products.customer_id
                  AND b.behavior_type = 'product_view' AND b.product_id IS NOT NULL
                UNION ALL
                SELECT b.customer_id, b.product_id, b.product_name, b.created_at
                FROM @extschema@.customer_behavior AS b
                WHERE most_viewed_products.customer_id IS NULL
                  AND b.behavior_type = 'product_view' AND b.product_id IS NOT NULL) AS v
          GROUP BY v.product_id
          ORDER BY 3 DESC, 1
          LIMIT @extschema@.api_non_negative(most_viewed_products."limit", 'limit')) AS p;
END;
COMMENT ON FUNCTION @extschema@.most_viewed_products(bigint, integer) IS
    'GET /cdm/behavior/:customerId/most-viewed?limit= — most viewed products (product_id, product_name, views, viewers, last_viewed_at) of one customer, or of everyone when customer_id is NULL; NULL for an unknown customer';

-- 13-15. drop-offs -------------------------------------------------------------

CREATE FUNCTION @extschema@.track_dropoff(customer_id bigint, dropoff jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    INSERT INTO @extschema@.customer_dropoff_tracking AS d
        (customer_id, stage, product_id, product_ids, cart_value, reason, session_id, recovered,
         recovered_at, recovery_channel, notes, created_at)
    SELECT track_dropoff.customer_id, r.stage, r.product_id, r.product_ids, r.cart_value, r.reason,
           r.session_id, COALESCE(r.recovered, false), r.recovered_at, r.recovery_channel, r.notes,
           COALESCE(r.created_at, pg_catalog.now())
    FROM pg_catalog.jsonb_populate_record(
             NULL::@extschema@.customer_dropoff_tracking,
             @extschema@.api_json_object(track_dropoff.dropoff, 'dropoff')) AS r
    RETURNING pg_catalog.to_jsonb(d.*);
END;
COMMENT ON FUNCTION @extschema@.track_dropoff(bigint, jsonb) IS
    'POST /cdm/dropoff — records a funnel drop-off ({"stage", "productId", "cart_value", "reason", ...}; created_at defaults to now) and returns the row';

CREATE FUNCTION @extschema@.customer_dropoffs(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) ORDER BY d.created_at DESC, d.id DESC),
                            '[]'::jsonb)
            FROM @extschema@.customer_dropoff_tracking AS d
            WHERE d.customer_id = c.id)
    FROM @extschema@.customers AS c
    WHERE c.id = customer_dropoffs.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_dropoffs(bigint) IS
    'GET /cdm/dropoff/:customerId — the customer''s drop-offs, newest first; NULL for an unknown customer';

CREATE FUNCTION @extschema@.recover_dropoff(customer_id bigint, dropoff_id bigint, channel text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    UPDATE @extschema@.customer_dropoff_tracking AS d
    SET recovered = true,
        recovered_at = COALESCE(d.recovered_at, pg_catalog.now()),
        recovery_channel = COALESCE(recover_dropoff.channel, d.recovery_channel)
    WHERE d.customer_id = recover_dropoff.customer_id
      AND d.id = recover_dropoff.dropoff_id
    RETURNING pg_catalog.to_jsonb(d.*);
END;
COMMENT ON FUNCTION @extschema@.recover_dropoff(bigint, bigint, text) IS
    'PUT /cdm/dropoff/:dropoffId/recover — marks a drop-off recovered (first recovery time kept, channel of the win-back action) and returns the row; NULL when the customer has no such drop-off';

-- 16-18. birthdays and anniversaries ------------------------------------------

CREATE FUNCTION @extschema@.api_events(days integer, event_type text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT COALESCE(pg_catalog.jsonb_agg(
               pg_catalog.jsonb_build_object(
                   'type', CASE WHEN e.relationship = 'self' THEN 'customer' ELSE 'family_member' END,
                   'name', e.person_name)
               || pg_catalog.to_jsonb(e)
               ORDER BY e.days_until_event, e.customer_id, e.person_name, e.event_type),
           '[]'::jsonb)
    FROM @extschema@.upcoming_events(api_events.days) AS e  -- days outside 0-366: 22003
    WHERE api_events.event_type IS NULL OR e.event_type = api_events.event_type;
END;
COMMENT ON FUNCTION @extschema@.api_events(integer, text) IS
    'Birthdays and/or anniversaries of customers and family members in the next days (0-366, else 22003) as a JSON array; type is customer or family_member, name the person''s, event_date the original date, next_occurrence the upcoming one';

CREATE FUNCTION @extschema@.upcoming_birthdays(days integer DEFAULT 30)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
RETURN @extschema@.api_events(days, 'birthday');
COMMENT ON FUNCTION @extschema@.upcoming_birthdays(integer) IS
    'GET /cdm/events/birthdays?days= — birthdays of customers and family members in the next days (0-366, today = 0), soonest first';

CREATE FUNCTION @extschema@.upcoming_anniversaries(days integer DEFAULT 30)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
RETURN @extschema@.api_events(days, 'anniversary');
COMMENT ON FUNCTION @extschema@.upcoming_anniversaries(integer) IS
    'GET /cdm/events/anniversaries?days= — anniversaries of customers and family members in the next days (0-366, today = 0), soonest first';

CREATE FUNCTION @extschema@.todays_events()
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
RETURN @extschema@.api_events(0);
COMMENT ON FUNCTION @extschema@.todays_events() IS
    'GET /cdm/events/today — today''s birthdays and anniversaries of customers and family members';

-- 19-21. call recommendations --------------------------------------------------

CREATE FUNCTION @extschema@.call_recommendations("limit" integer DEFAULT 50)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r)
                                         ORDER BY r.call_priority_score DESC, r.lifetime_value DESC,
                                                  r.customer_id),
                    '[]'::jsonb)
    FROM (SELECT a.*
          FROM @extschema@.ai_call_recommendations AS a
          ORDER BY a.call_priority_score DESC, a.lifetime_value DESC, a.customer_id
          LIMIT @extschema@.api_non_negative(call_recommendations."limit", 'limit')) AS r;
END;
COMMENT ON FUNCTION @extschema@.call_recommendations(integer) IS
    'GET /cdm/ai/recommendations?limit= — the call list: ai_call_recommendations rows, highest call priority first (then lifetime value)';

CREATE FUNCTION @extschema@.top_priority_customers("limit" integer DEFAULT 10)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r)
                                         ORDER BY r.call_priority_score DESC, r.lifetime_value DESC,
                                                  r.customer_id),
                    '[]'::jsonb)
    FROM (SELECT a.*
          FROM @extschema@.ai_call_recommendations AS a
          WHERE a.call_priority_score >= 7
          ORDER BY a.call_priority_score DESC, a.lifetime_value DESC, a.customer_id
          LIMIT @extschema@.api_non_negative(top_priority_customers."limit", 'limit')) AS r;
END;
COMMENT ON FUNCTION @extschema@.top_priority_customers(integer) IS
    'GET /cdm/ai/top-priority?limit= — the customers to call now: call priority 7 or more (call within 3 days or 24 hours), highest first';

CREATE FUNCTION @extschema@.customer_recommendation(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.to_jsonb(a)
    FROM @extschema@.ai_call_recommendations AS a
    WHERE a.customer_id = customer_recommendation.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_recommendation(bigint) IS
    'GET /cdm/ai/recommendation/:customerId — call priority, offer, best call time, recommended products and next action; NULL for an unknown customer or one marked do_not_contact';

-- 25. dashboard ------------------------------------------------------------------

CREATE FUNCTION @extschema@.dashboard_statistics()
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'total_customers', pg_catalog.count(*),
               'vip_customers', pg_catalog.count(*) FILTER (WHERE c.customer_type = 'vip'),
               'repeat_customers', pg_catalog.count(*) FILTER (WHERE c.customer_type = 'repeat'),
               'new_customers', pg_catalog.count(*) FILTER (WHERE c.customer_type = 'new'),
               'loyal_customers', pg_catalog.count(*) FILTER (WHERE c.lifecycle_stage = 'loyal'),
               'hot_customers', pg_catalog.count(*) FILTER (WHERE t.temperature = 'hot'),
               'warm_customers', pg_catalog.count(*) FILTER (WHERE t.temperature = 'warm'),
               'cold_customers', pg_catalog.count(*) FILTER (WHERE t.temperature = 'cold'),
               'total_lifetime_value', COALESCE(pg_catalog.sum(c.lifetime_value), 0),
               'avg_lifetime_value', COALESCE(pg_catalog.round(pg_catalog.avg(c.lifetime_value), 2), 0),
               'warmth_levels',
                   (SELECT pg_catalog.jsonb_object_agg(l.v, COALESCE(x.n, 0))
                    FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.warmth_level)) AS l(v)
                    LEFT JOIN (SELECT w.warmth_level, pg_catalog.count(*) AS n
                               FROM @extschema@.customer_warmth AS w
                               WHERE w.is_active GROUP BY 1) AS x ON x.warmth_level = l.v),
               'rfm_segments',
                   (SELECT pg_catalog.jsonb_object_agg(l.v, COALESCE(x.n, 0))
                    FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.rfm_segment)) AS l(v)
                    LEFT JOIN (SELECT r.segment, pg_catalog.count(*) AS n
                               FROM @extschema@.customer_rfm_scores AS r GROUP BY 1) AS x
                           ON x.segment = l.v),
               'health_levels',
                   (SELECT pg_catalog.jsonb_object_agg(l.v, COALESCE(x.n, 0))
                    FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.health_level)) AS l(v)
                    LEFT JOIN (SELECT h.health_level, pg_catalog.count(*) AS n
                               FROM @extschema@.customer_health_scores AS h GROUP BY 1) AS x
                           ON x.health_level = l.v))
    FROM @extschema@.customers AS c
    LEFT JOIN (SELECT i.customer_id, pg_catalog.count(*)::integer AS n
               FROM @extschema@.customer_interactions AS i
               WHERE i.interaction_date >= pg_catalog.now() - interval '30 days'
               GROUP BY i.customer_id) AS i ON i.customer_id = c.id
    CROSS JOIN LATERAL (
        SELECT @extschema@.customer_temperature(
                   CASE WHEN c.last_order_at IS NOT NULL
                        THEN @extschema@.whole_days_between(c.last_order_at, pg_catalog.now()) END,
                   COALESCE(i.n, 0)) AS temperature) AS t;
END;
COMMENT ON FUNCTION @extschema@.dashboard_statistics() IS
    'GET /cdm/stats/dashboard — total, vip, repeat, new, loyal, hot, warm and cold customers, total and average lifetime value, plus customers per warmth level (active rows), RFM segment and health level';

-- ===========================================================================
-- RFM (originals/004 /api/customers/rfm)
-- ===========================================================================

CREATE FUNCTION @extschema@.customer_rfm(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.to_jsonb(r)
    FROM @extschema@.customer_rfm_scores AS r
    WHERE r.customer_id = customer_rfm.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_rfm(bigint) IS
    'GET /api/customers/rfm?customerId= — the customer''s customer_rfm_scores row (scores, cell, segment, churn risk) as of the last refresh_rfm_scores(); NULL when it has none (no completed order, or not refreshed yet)';

CREATE FUNCTION @extschema@.rfm_distribution()
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'total', (SELECT pg_catalog.count(*) FROM @extschema@.customer_rfm_scores),
               'distribution',
                   (SELECT pg_catalog.jsonb_object_agg(l.v, COALESCE(d.customers, 0))
                    FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.rfm_segment)) AS l(v)
                    LEFT JOIN @extschema@.rfm_segment_distribution AS d ON d.segment = l.v),
               'segments',
                   (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) - 'bar'
                                                         ORDER BY d.segment DESC NULLS LAST),
                                    '[]'::jsonb)
                    FROM @extschema@.rfm_segment_distribution AS d));
END;
COMMENT ON FUNCTION @extschema@.rfm_distribution() IS
    'The "distribution" of GET /api/customers/rfm: customers per RFM segment (every segment, 0 included) and the rfm_segment_distribution rows, best segment first';

CREATE FUNCTION @extschema@.rfm_scores(
    segment @extschema@.rfm_segment DEFAULT NULL, "limit" integer DEFAULT 100, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'scores',
                   (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(s)
                                                         ORDER BY s.segment DESC, s.rfm_total DESC, s.customer_id),
                                    '[]'::jsonb)
                    FROM (SELECT r.*
                          FROM @extschema@.customer_rfm_scores AS r
                          WHERE rfm_scores.segment IS NULL OR r.segment = rfm_scores.segment
                          ORDER BY r.segment DESC, r.rfm_total DESC, r.customer_id
                          LIMIT @extschema@.api_non_negative(rfm_scores."limit", 'limit')
                          OFFSET @extschema@.api_non_negative(rfm_scores."offset", 'offset')) AS s),
               'distribution', @extschema@.rfm_distribution() -> 'distribution',
               'total', (SELECT pg_catalog.count(*) FROM @extschema@.customer_rfm_scores AS r
                         WHERE rfm_scores.segment IS NULL OR r.segment = rfm_scores.segment),
               'limit', rfm_scores."limit",
               'offset', rfm_scores."offset");
END;
COMMENT ON FUNCTION @extschema@.rfm_scores(@extschema@.rfm_segment, integer, integer) IS
    'GET /api/customers/rfm?segment= — {"scores": [...], "distribution": {...}, "total", "limit", "offset"}: RFM rows of a segment (NULL = all), best first';

-- ===========================================================================
-- Health and enhanced profile (originals/003, /api/customers/{customerId}/...)
-- ===========================================================================

CREATE FUNCTION @extschema@.customer_health(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'customer_id', h.customer_id,
               'health_score', h.health_score,
               'health_level', h.health_level,
               'components', pg_catalog.jsonb_build_object(
                   'visit_frequency', h.visit_frequency,
                   'spending_behavior', h.spending_behavior,
                   'loyalty_engagement', h.loyalty_engagement,
                   'feedback_sentiment', h.feedback_sentiment,
                   'communication_response', h.communication_response,
                   'recency_factor', h.recency_factor),
               'churn_risk', h.churn_risk,
               'engagement_score', h.engagement_score,
               'engagement_level', h.engagement_level,
               'profile_completeness', h.profile_completeness,
               'completeness_level', h.completeness_level,
               'missing_fields', pg_catalog.to_jsonb(h.missing_fields),
               'calculated_at', h.calculated_at,
               'as_of', h.as_of)
    FROM @extschema@.customer_health_scores AS h
    WHERE h.customer_id = customer_health.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_health(bigint) IS
    'GET /api/customers/{customerId}/health-score — score, level, the six components, churn risk, engagement, profile completeness and missing fields as of the last refresh_health_scores(); NULL when the customer has no health row';

CREATE FUNCTION @extschema@.customer_health_history(customer_id bigint, "limit" integer DEFAULT 50)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at DESC, x.id DESC),
                            '[]'::jsonb)
            FROM (SELECT h.*
                  FROM @extschema@.customer_health_score_history AS h
                  WHERE h.customer_id = c.id
                  ORDER BY h.created_at DESC, h.id DESC
                  LIMIT @extschema@.api_non_negative(customer_health_history."limit", 'limit')) AS x)
    FROM @extschema@.customers AS c
    WHERE c.id = customer_health_history.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_health_history(bigint, integer) IS
    'GET /api/customers/{customerId}/health-history — health score changes, newest first; NULL for an unknown customer';

CREATE FUNCTION @extschema@.health_overview()
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'total', (SELECT pg_catalog.count(*) FROM @extschema@.customer_health_scores),
               'avg_health_score', (SELECT pg_catalog.round(pg_catalog.avg(h.health_score), 2)
                                    FROM @extschema@.customer_health_scores AS h),
               'levels',
                   (SELECT pg_catalog.jsonb_object_agg(l.v, COALESCE(o.customers, 0))
                    FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::@extschema@.health_level)) AS l(v)
                    LEFT JOIN @extschema@.health_score_overview AS o ON o.health_level = l.v),
               'overview',
                   (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(o) - 'bar'
                                                         ORDER BY o.health_level DESC NULLS LAST),
                                    '[]'::jsonb)
                    FROM @extschema@.health_score_overview AS o));
END;
COMMENT ON FUNCTION @extschema@.health_overview() IS
    'Dashboard of the health system: customers per health level (every level, 0 included), the average score and the health_score_overview rows, best level first';

CREATE FUNCTION @extschema@.customer_profile_completeness(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'customer_id', c.id,
               'profile_completeness', p.score,
               'completeness_level', @extschema@.completeness_level(p.score),
               'missing_fields',
                   pg_catalog.to_jsonb(@extschema@.profile_missing_fields(pg_catalog.to_jsonb(c),
                                                                          @extschema@.profile_fields())),
               'fields', pg_catalog.to_jsonb(@extschema@.profile_fields()))
    FROM @extschema@.customers AS c
    CROSS JOIN LATERAL (
        SELECT @extschema@.profile_completeness(pg_catalog.to_jsonb(c), @extschema@.profile_fields())
                   AS score) AS p
    WHERE c.id = customer_profile_completeness.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_profile_completeness(bigint) IS
    'GET /api/customers/{customerId}/profile-completeness — percent of profile_fields() filled in, its level and the missing fields, computed now; NULL for an unknown customer';

CREATE FUNCTION @extschema@.customer_analytics_json(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'customer_id', c.id,
               'total_orders', c.total_orders,
               'total_spent', c.lifetime_value,
               'lifetime_value', c.lifetime_value,
               'average_order_value',
                   CASE WHEN c.total_orders > 0 THEN pg_catalog.round(c.lifetime_value / c.total_orders, 2) END,
               'repeat_purchase_rate',
                   CASE WHEN c.total_orders > 0
                        THEN pg_catalog.round((c.total_orders - 1) * 100.0 / c.total_orders, 2) END,
               'purchase_frequency',
                   CASE WHEN c.total_orders > 0
                        THEN pg_catalog.round(c.total_orders * 30.0
                                              / GREATEST(1, @extschema@.whole_days_between(c.first_order_at,
                                                                                          pg_catalog.now())), 4) END,
               'avg_days_between_purchases', k.interval_days,
               'first_order_at', c.first_order_at,
               'last_order_at', c.last_order_at,
               'days_since_last_order', k.days_since,
               'predicted_next_purchase_at',
                   c.last_order_at + k.interval_days * interval '1 day',
               'churn_risk', @extschema@.churn_risk(k.days_since, c.total_orders, k.interval_days),
               'favorite_products',
                   (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(f) ORDER BY f.quantity DESC, f.product_id),
                                    '[]'::jsonb)
                    FROM (SELECT oi.product_id, pg_catalog.sum(oi.quantity) AS quantity,
                                 pg_catalog.count(DISTINCT oi.order_id) AS orders,
                                 pg_catalog.sum(oi.quantity * oi.unit_price) AS spent
                          FROM @extschema@.order_items AS oi
                          JOIN @extschema@.orders AS o
                            ON o.customer_id = oi.customer_id AND o.id = oi.order_id
                          WHERE oi.customer_id = c.id AND o.status = 'completed'
                          GROUP BY oi.product_id
                          ORDER BY 2 DESC, 1
                          LIMIT 5) AS f))
    FROM @extschema@.customers AS c
    CROSS JOIN LATERAL (
        SELECT CASE WHEN c.last_order_at IS NOT NULL
                    THEN @extschema@.whole_days_between(c.last_order_at, pg_catalog.now()) END AS days_since,
               CASE WHEN c.total_orders > 1
                    THEN pg_catalog.round(((EXTRACT(epoch FROM c.last_order_at) - EXTRACT(epoch FROM c.first_order_at)) / 86400.0
                                           / (c.total_orders - 1))::numeric, 2) END AS interval_days) AS k
    WHERE c.id = customer_analytics_json.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_analytics_json(bigint) IS
    'GET /api/customers/analytics?customerId= and GET /api/customers/{customerId}/purchase-history-analysis — purchase metrics computed now from completed orders: totals, average order value, repeat rate, orders per 30 days, usual interval, next purchase, churn risk, top 5 products; NULL for an unknown customer';

CREATE FUNCTION @extschema@.demographic_insights(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'customer_id', c.id,
               'age', a.age,
               'age_group', CASE WHEN a.age IS NULL THEN NULL
                                 WHEN a.age < 25 THEN 'under 25'
                                 WHEN a.age < 35 THEN '25-34'
                                 WHEN a.age < 45 THEN '35-44'
                                 WHEN a.age < 55 THEN '45-54'
                                 WHEN a.age < 65 THEN '55-64'
                                 ELSE '65+' END,
               'gender', c.gender,
               'marital_status', c.marital_status,
               'profession', c.profession,
               'city', c.city,
               'district', c.district,
               'family_members', (SELECT pg_catalog.count(*) FROM @extschema@.customer_family_members AS m
                                  WHERE m.customer_id = c.id),
               'preferred_contact_method', p.preferred_contact_method,
               'preferred_contact_time', COALESCE(p.preferred_contact_time, c.available_time),
               'preferred_language', p.preferred_language)
    FROM @extschema@.customers AS c
    LEFT JOIN @extschema@.customer_preferences AS p ON p.customer_id = c.id
    CROSS JOIN LATERAL (
        SELECT EXTRACT(year FROM pg_catalog.age(CURRENT_DATE, c.date_of_birth))::integer AS age) AS a
    WHERE c.id = demographic_insights.customer_id;
END;
COMMENT ON FUNCTION @extschema@.demographic_insights(bigint) IS
    'GET /api/customers/{customerId}/demographic-insights — age and age group (under 25, 25-34, 35-44, 45-54, 55-64, 65+), gender, marital status, profession, location, family size and communication preferences; NULL for an unknown customer';

-- ===========================================================================
-- Warmth (originals/000)
-- ===========================================================================

CREATE FUNCTION @extschema@.customer_warmth_json(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.to_jsonb(w)
    FROM @extschema@.customer_warmth AS w
    WHERE w.customer_id = customer_warmth_json.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_warmth_json(bigint) IS
    'GET /api/customers/{customer_id}/warmth — the customer''s customer_warmth row; NULL when it has none';

CREATE FUNCTION @extschema@.update_customer_warmth(customer_id bigint, changes jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    c jsonb := @extschema@.api_json_object(changes, 'changes');
    r @extschema@.customer_warmth;
    previous_description text := current_setting('customer_scoring.change_description', true);
    result jsonb;
BEGIN
    IF c ? 'notes' AND NOT c ? 'warmth_notes' THEN
        c := c || jsonb_build_object('warmth_notes', c -> 'notes');
    END IF;
    r := jsonb_populate_record(NULL::@extschema@.customer_warmth, c);
    -- the notes describe the change in customer_warmth_history
    IF r.warmth_notes IS NOT NULL THEN
        PERFORM set_config('customer_scoring.change_description', r.warmth_notes, true);
    END IF;

    INSERT INTO @extschema@.customer_warmth AS w
        (customer_id, engagement_score, interaction_frequency_score, response_rate_score,
         budget_qualification_score, timeline_urgency_score, decision_making_authority_score,
         demographic_fit_score, past_purchase_behavior_score, warmth_notes)
    VALUES (update_customer_warmth.customer_id, r.engagement_score, r.interaction_frequency_score,
            r.response_rate_score, r.budget_qualification_score, r.timeline_urgency_score,
            r.decision_making_authority_score, r.demographic_fit_score,
            r.past_purchase_behavior_score, r.warmth_notes)
    ON CONFLICT ON CONSTRAINT customer_warmth_pkey DO UPDATE SET
        engagement_score = CASE WHEN c ? 'engagement_score'
                                THEN excluded.engagement_score ELSE w.engagement_score END,
        interaction_frequency_score = CASE WHEN c ? 'interaction_frequency_score'
                                           THEN excluded.interaction_frequency_score
                                           ELSE w.interaction_frequency_score END,
        response_rate_score = CASE WHEN c ? 'response_rate_score'
                                   THEN excluded.response_rate_score ELSE w.response_rate_score END,
        budget_qualification_score = CASE WHEN c ? 'budget_qualification_score'
                                          THEN excluded.budget_qualification_score
                                          ELSE w.budget_qualification_score END,
        timeline_urgency_score = CASE WHEN c ? 'timeline_urgency_score'
                                      THEN excluded.timeline_urgency_score ELSE w.timeline_urgency_score END,
        decision_making_authority_score = CASE WHEN c ? 'decision_making_authority_score'
                                               THEN excluded.decision_making_authority_score
                                               ELSE w.decision_making_authority_score END,
        demographic_fit_score = CASE WHEN c ? 'demographic_fit_score'
                                     THEN excluded.demographic_fit_score ELSE w.demographic_fit_score END,
        past_purchase_behavior_score = CASE WHEN c ? 'past_purchase_behavior_score'
                                            THEN excluded.past_purchase_behavior_score
                                            ELSE w.past_purchase_behavior_score END,
        warmth_notes = CASE WHEN c ? 'warmth_notes' THEN excluded.warmth_notes ELSE w.warmth_notes END
    RETURNING to_jsonb(w.*) INTO result;

    PERFORM set_config('customer_scoring.change_description', COALESCE(previous_description, ''), true);
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.update_customer_warmth(bigint, jsonb) IS
    'PUT /api/customers/{customer_id}/warmth — sets the warmth components given ({"engagement_score": 75, "budget_qualification_score": 80, "notes": "..."}; null = unknown) and warmth_notes, creating the row if needed; the triggers recompute the score and write history with the notes as change_description. Other keys are ignored. Returns the row';

CREATE FUNCTION @extschema@.warmth_analytics_json(
    level @extschema@.warmth_level DEFAULT NULL, "limit" integer DEFAULT 50)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a)
                                         ORDER BY a.overall_warmth_score DESC NULLS LAST, a.customer_id),
                    '[]'::jsonb)
    FROM (SELECT wa.*
          FROM @extschema@.warmth_analytics AS wa
          WHERE warmth_analytics_json.level IS NULL OR wa.warmth_level = warmth_analytics_json.level
          ORDER BY wa.overall_warmth_score DESC NULLS LAST, wa.customer_id
          LIMIT @extschema@.api_non_negative(warmth_analytics_json."limit", 'limit')) AS a;
END;
COMMENT ON FUNCTION @extschema@.warmth_analytics_json(@extschema@.warmth_level, integer) IS
    'GET /api/analytics/warmth?level=&limit= — warmth_analytics rows of a level (NULL = all), warmest first';

-- ===========================================================================
-- Customer-management CRM (originals/004, /api/customers/...)
-- ===========================================================================

-- profiles -------------------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_profile(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.to_jsonb(c)
    FROM @extschema@.customers AS c
    WHERE c.id = customer_profile.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_profile(bigint) IS
    'GET /api/customers/profiles?customerId= — the customers row; NULL for an unknown customer';

CREATE FUNCTION @extschema@.customer_profiles(
    status text DEFAULT NULL, "limit" integer DEFAULT 50, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'data',
                   (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(p) ORDER BY p.id), '[]'::jsonb)
                    FROM (SELECT c.*
                          FROM @extschema@.customers AS c
                          WHERE customer_profiles.status IS NULL OR c.status = customer_profiles.status
                          ORDER BY c.id
                          LIMIT @extschema@.api_non_negative(customer_profiles."limit", 'limit')
                          OFFSET @extschema@.api_non_negative(customer_profiles."offset", 'offset')) AS p),
               'total', (SELECT pg_catalog.count(*) FROM @extschema@.customers AS c
                         WHERE customer_profiles.status IS NULL OR c.status = customer_profiles.status),
               'limit', customer_profiles."limit",
               'offset', customer_profiles."offset");
END;
COMMENT ON FUNCTION @extschema@.customer_profiles(text, integer, integer) IS
    'GET /api/customers/profiles?status=&limit=&offset= — {"data": [customers rows by id], "total", "limit", "offset"}';

CREATE FUNCTION @extschema@.create_customer(profile jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    INSERT INTO @extschema@.customers AS c
        (first_name, last_name, email, phone, company_name, district, city, gender, date_of_birth,
         marital_status, anniversary_date, profession, available_time, status, source, account_type,
         gdpr_consent, gdpr_consent_at, do_not_contact)
    SELECT r.first_name, r.last_name, r.email, r.phone, r.company_name, r.district, r.city, r.gender,
           r.date_of_birth, r.marital_status, r.anniversary_date, r.profession, r.available_time,
           COALESCE(r.status, 'active'), r.source,
           COALESCE(r.account_type, p.j ->> 'customerType'),
           COALESCE(r.gdpr_consent, false),
           COALESCE(r.gdpr_consent_at, CASE WHEN r.gdpr_consent THEN pg_catalog.now() END),
           COALESCE(r.do_not_contact, false)
    FROM (SELECT @extschema@.api_json_object(create_customer.profile, 'profile') AS j) AS p
    CROSS JOIN LATERAL pg_catalog.jsonb_populate_record(
        NULL::@extschema@.customers,
        -- kept by the triggers, and the CRM's customerType is our account_type
        p.j - ARRAY['id', 'customer_type', 'lifecycle_stage', 'total_orders', 'lifetime_value',
                    'first_order_at', 'last_order_at']) AS r
    RETURNING pg_catalog.to_jsonb(c.*);
END;
COMMENT ON FUNCTION @extschema@.create_customer(jsonb) IS
    'POST /api/customers/profiles — creates a customer from {"firstName", "lastName", "email", "phone", "companyName", "customerType" (retail, wholesale, distributor: stored as account_type), "source", ...} and returns the row';

CREATE FUNCTION @extschema@.update_customer(customer_id bigint, changes jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    UPDATE @extschema@.customers AS c
    SET (first_name, last_name, email, phone, company_name, district, city, gender, date_of_birth,
         marital_status, anniversary_date, profession, available_time, status, source, account_type,
         gdpr_consent, gdpr_consent_at, do_not_contact, updated_at) =
        (SELECT r.first_name, r.last_name, r.email, r.phone, r.company_name, r.district, r.city,
                r.gender, r.date_of_birth, r.marital_status, r.anniversary_date, r.profession,
                r.available_time, r.status, r.source,
                CASE WHEN p.j ? 'account_type' THEN r.account_type
                     WHEN p.j ? 'customerType' THEN p.j ->> 'customerType'
                     ELSE c.account_type END,
                r.gdpr_consent,
                CASE WHEN p.j ? 'gdpr_consent_at' THEN r.gdpr_consent_at
                     WHEN r.gdpr_consent IS DISTINCT FROM c.gdpr_consent THEN pg_catalog.now()
                     ELSE c.gdpr_consent_at END,
                r.do_not_contact, pg_catalog.now()
         FROM (SELECT @extschema@.api_json_object(update_customer.changes, 'changes') AS j) AS p
         -- customer_type is the CRM's name of account_type here, not our enum
         CROSS JOIN LATERAL pg_catalog.jsonb_populate_record(
             c, p.j - ARRAY['customer_type', 'lifecycle_stage']) AS r)
    WHERE c.id = update_customer.customer_id
      -- checked once, before any row is read, so a bad body fails even when no row matches
      AND @extschema@.api_json_object(update_customer.changes, 'changes') IS NOT NULL
    RETURNING pg_catalog.to_jsonb(c.*);
END;
COMMENT ON FUNCTION @extschema@.update_customer(bigint, jsonb) IS
    'PUT /api/customers/profiles — changes the profile fields given (others stay; customer_type, lifecycle_stage and the order totals are kept by the triggers) and returns the row; NULL for an unknown customer';

-- communications -------------------------------------------------------------------

CREATE FUNCTION @extschema@.log_communication(customer_id bigint, communication jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    INSERT INTO @extschema@.customer_communications AS m
        (customer_id, communication_type, channel, direction, subject, message, status, campaign,
         sent_at, delivered_at, opened_at, clicked_at, replied_at, metadata, created_by)
    SELECT log_communication.customer_id, r.communication_type,
           COALESCE(r.channel, r.communication_type), COALESCE(r.direction, 'outbound'), r.subject,
           r.message, COALESCE(r.status, 'pending'), r.campaign,
           COALESCE(r.sent_at, CASE WHEN COALESCE(r.status, 'pending') NOT IN ('pending', 'failed')
                                    THEN pg_catalog.now() END),
           r.delivered_at, r.opened_at, r.clicked_at, r.replied_at, r.metadata,
           COALESCE(r.created_by, p.j ->> 'user_id')
    FROM (SELECT @extschema@.api_json_object(log_communication.communication, 'communication') AS j) AS p
    CROSS JOIN LATERAL pg_catalog.jsonb_populate_record(NULL::@extschema@.customer_communications, p.j) AS r
    RETURNING pg_catalog.to_jsonb(m.*);
END;
COMMENT ON FUNCTION @extschema@.log_communication(bigint, jsonb) IS
    'POST /api/customers/communications — logs a message ({"communicationType", "channel" (defaults to communicationType), "direction", "subject", "message", "status", "userId" as created_by}; sent_at defaults to now once sent) and returns the row';

CREATE FUNCTION @extschema@.customer_communications_list(
    customer_id bigint, channel text DEFAULT NULL, status text DEFAULT NULL,
    "limit" integer DEFAULT 50, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object(
               'data',
                   (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x)
                                                         ORDER BY x.sent_at DESC NULLS FIRST, x.id DESC),
                                    '[]'::jsonb)
                    FROM (SELECT m.*
                          FROM @extschema@.customer_communications AS m
                          WHERE m.customer_id = c.id
                            AND (customer_communications_list.channel IS NULL
                                 OR m.channel = customer_communications_list.channel)
                            AND (customer_communications_list.status IS NULL
                                 OR m.status = customer_communications_list.status)
                          ORDER BY m.sent_at DESC NULLS FIRST, m.id DESC
                          LIMIT @extschema@.api_non_negative(customer_communications_list."limit", 'limit')
                          OFFSET @extschema@.api_non_negative(customer_communications_list."offset", 'offset'))
                         AS x),
               'total',
                   (SELECT pg_catalog.count(*)
                    FROM @extschema@.customer_communications AS m
                    WHERE m.customer_id = c.id
                      AND (customer_communications_list.channel IS NULL
                           OR m.channel = customer_communications_list.channel)
                      AND (customer_communications_list.status IS NULL
                           OR m.status = customer_communications_list.status)),
               'limit', customer_communications_list."limit",
               'offset', customer_communications_list."offset")
    FROM @extschema@.customers AS c
    WHERE c.id = customer_communications_list.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_communications_list(bigint, text, text, integer, integer) IS
    'GET /api/customers/communications?customerId=&channel=&status=&limit=&offset= — {"data": [...newest first, unsent first], "total", "limit", "offset"}; NULL for an unknown customer';

-- notes -------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.add_note(customer_id bigint, note jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    INSERT INTO @extschema@.customer_notes AS n
        (customer_id, title, content, note_type, priority, is_pinned, created_by)
    SELECT add_note.customer_id, r.title, r.content, COALESCE(r.note_type, 'general'),
           COALESCE(r.priority, 'medium'), COALESCE(r.is_pinned, false),
           COALESCE(r.created_by, p.j ->> 'user_id')
    FROM (SELECT @extschema@.api_json_object(add_note.note, 'note') AS j) AS p
    CROSS JOIN LATERAL pg_catalog.jsonb_populate_record(NULL::@extschema@.customer_notes, p.j) AS r
    RETURNING pg_catalog.to_jsonb(n.*);
END;
COMMENT ON FUNCTION @extschema@.add_note(bigint, jsonb) IS
    'addCustomerNote() of the CRM service — adds a note ({"title", "content", "noteType", "priority", "is_pinned", "userId" as created_by}) and returns the row';

CREATE FUNCTION @extschema@.customer_notes_list(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(n)
                                                 ORDER BY n.is_pinned DESC, n.created_at DESC, n.id DESC),
                            '[]'::jsonb)
            FROM @extschema@.customer_notes AS n
            WHERE n.customer_id = c.id)
    FROM @extschema@.customers AS c
    WHERE c.id = customer_notes_list.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_notes_list(bigint) IS
    'The customer''s notes, pinned first, then newest first; NULL for an unknown customer';

-- tags ---------------------------------------------------------------------------------

CREATE FUNCTION @extschema@.add_tag(customer_id bigint, tag text, color text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    INSERT INTO @extschema@.customer_tags AS t (customer_id, tag, color)
    VALUES (add_tag.customer_id, pg_catalog.btrim(add_tag.tag, E' \t\n\r\f'), add_tag.color)
    ON CONFLICT (customer_id, tag) DO UPDATE SET color = COALESCE(excluded.color, t.color)
    RETURNING pg_catalog.to_jsonb(t.*);
END;
COMMENT ON FUNCTION @extschema@.add_tag(bigint, text, text) IS
    'Tags a customer (surrounding blanks trimmed; an existing tag keeps its row and gets the new color, if given) and returns the tag row';

CREATE FUNCTION @extschema@.remove_tag(customer_id bigint, tag text)
RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    WITH deleted AS (
        DELETE FROM @extschema@.customer_tags AS t
        WHERE t.customer_id = remove_tag.customer_id
          AND t.tag = pg_catalog.btrim(remove_tag.tag, E' \t\n\r\f')
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM deleted);
END;
COMMENT ON FUNCTION @extschema@.remove_tag(bigint, text) IS
    'Removes a tag from a customer; true when it was there';

CREATE FUNCTION @extschema@.customer_tags_list(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(t) ORDER BY t.tag), '[]'::jsonb)
            FROM @extschema@.customer_tags AS t
            WHERE t.customer_id = c.id)
    FROM @extschema@.customers AS c
    WHERE c.id = customer_tags_list.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_tags_list(bigint) IS
    'The customer''s tags (rows with tag, color, created_by, created_at) in tag order; NULL for an unknown customer';

-- addresses -----------------------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_addresses_list(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a) ORDER BY a.is_default DESC, a.id),
                            '[]'::jsonb)
            FROM @extschema@.customer_addresses AS a
            WHERE a.customer_id = c.id)
    FROM @extschema@.customers AS c
    WHERE c.id = customer_addresses_list.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_addresses_list(bigint) IS
    'The customer''s addresses, the default first; NULL for an unknown customer';

CREATE FUNCTION @extschema@.add_customer_address(customer_id bigint, address jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    -- a new default address replaces the old default
    UPDATE @extschema@.customer_addresses AS a
    SET is_default = false, updated_at = pg_catalog.now()
    WHERE a.customer_id = add_customer_address.customer_id
      AND a.is_default
      AND (@extschema@.api_json_object(add_customer_address.address, 'address') ->> 'is_default')::boolean;
    INSERT INTO @extschema@.customer_addresses AS a
        (customer_id, address_type, line1, line2, city, district, state, postal_code, country, is_default)
    SELECT add_customer_address.customer_id, COALESCE(r.address_type, 'home'), r.line1, r.line2, r.city,
           r.district, r.state, r.postal_code, r.country, COALESCE(r.is_default, false)
    FROM pg_catalog.jsonb_populate_record(
             NULL::@extschema@.customer_addresses,
             @extschema@.api_json_object(add_customer_address.address, 'address')) AS r
    RETURNING pg_catalog.to_jsonb(a.*);
END;
COMMENT ON FUNCTION @extschema@.add_customer_address(bigint, jsonb) IS
    'Adds an address ({"address_type", "line1", "city", "postal_code", "country", "is_default", ...}; a new default replaces the old one) and returns the row';

-- preferences ----------------------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_preferences_json(customer_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.to_jsonb(p)
    FROM @extschema@.customer_preferences AS p
    WHERE p.customer_id = customer_preferences_json.customer_id;
END;
COMMENT ON FUNCTION @extschema@.customer_preferences_json(bigint) IS
    'The customer''s notification, marketing, contact and consent preferences; NULL when none were recorded (the column defaults apply)';

CREATE FUNCTION @extschema@.set_customer_preferences(customer_id bigint, changes jsonb)
RETURNS jsonb
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    INSERT INTO @extschema@.customer_preferences AS p (customer_id)
    VALUES (set_customer_preferences.customer_id)
    ON CONFLICT (customer_id) DO NOTHING;
    UPDATE @extschema@.customer_preferences AS p
    SET (email_notifications, sms_notifications, whatsapp_notifications, push_notifications,
         marketing_email_opt_in, marketing_sms_opt_in, marketing_whatsapp_opt_in, marketing_push_opt_in,
         newsletter_subscribed, subscriptions, preferred_contact_method, preferred_contact_time,
         preferred_language, timezone, gdpr_consent, gdpr_consent_at, do_not_contact,
         other_preferences, updated_at) =
        (SELECT r.email_notifications, r.sms_notifications, r.whatsapp_notifications,
                r.push_notifications, r.marketing_email_opt_in, r.marketing_sms_opt_in,
                r.marketing_whatsapp_opt_in, r.marketing_push_opt_in, r.newsletter_subscribed,
                r.subscriptions, r.preferred_contact_method, r.preferred_contact_time,
                r.preferred_language, r.timezone, r.gdpr_consent,
                CASE WHEN x.j ? 'gdpr_consent_at' THEN r.gdpr_consent_at
                     WHEN r.gdpr_consent IS DISTINCT FROM p.gdpr_consent THEN pg_catalog.now()
                     ELSE p.gdpr_consent_at END,
                r.do_not_contact, r.other_preferences, pg_catalog.now()
         FROM (SELECT @extschema@.api_json_object(set_customer_preferences.changes, 'changes') AS j) AS x
         CROSS JOIN LATERAL pg_catalog.jsonb_populate_record(p, x.j) AS r)
    WHERE p.customer_id = set_customer_preferences.customer_id
    RETURNING pg_catalog.to_jsonb(p.*);
END;
COMMENT ON FUNCTION @extschema@.set_customer_preferences(bigint, jsonb) IS
    'Sets the preferences given (others keep their value or default; gdpr_consent_at follows a consent change) and returns the row';
