-- src/sql/code/71_api_cdm.sql — the customer data management endpoints
-- (originals/002, base URL /cdm) as functions returning jsonb.  Conventions:
-- see 70_api_common.sql.

-- 1. customer 360 ------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_360(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    -- the view reads customers, so a hidden customer has no row
    SELECT to_jsonb(v) INTO result
    FROM @extschema@.customer_360_view AS v
    WHERE v.customer_id = customer_360.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_360(bigint) IS
    'GET /cdm/customer360/:customerId — the customer_360_view row as JSON (profile, orders, interactions, behaviour, family, temperature, warmth, RFM, health, predictions); NULL for an unknown customer';

-- 2, 22, 23, 24. lists of customers (one shape, one function) ---------------

-- The ids of one page of customers, highest lifetime value first.  Apart
-- from customer_360_list so that the page is read in one statement and each
-- customer_360() in statements of their own (on Citus a function that reads
-- tables may not run inside a query over another distributed table).
CREATE FUNCTION @extschema@.customer_360_page(
    customer_type @extschema@.customer_type,
    lifecycle_stage @extschema@.lifecycle_stage,
    temperature @extschema@.customer_temperature,
    "limit" integer,
    "offset" integer)
RETURNS bigint[]
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    as_of timestamptz := now();
    page_limit integer := @extschema@.api_non_negative(customer_360_page."limit", 'limit');
    page_offset integer := @extschema@.api_non_negative(customer_360_page."offset", 'offset');
    ids bigint[];
BEGIN
    IF customer_360_page.temperature IS NULL THEN
        SELECT array_agg(k.id ORDER BY k.lifetime_value DESC, k.id) INTO ids
        FROM (SELECT c.id, c.lifetime_value
              FROM @extschema@.customers AS c
              WHERE (customer_360_page.customer_type IS NULL
                     OR c.customer_type = customer_360_page.customer_type)
                AND (customer_360_page.lifecycle_stage IS NULL
                     OR c.lifecycle_stage = customer_360_page.lifecycle_stage)
              ORDER BY c.lifetime_value DESC, c.id
              LIMIT page_limit OFFSET page_offset) AS k;
        RETURN COALESCE(ids, '{}');
    END IF;
    -- the temperature of customer_360_view: days since the last order and
    -- interactions in the last 30 days, joined on the customer
    SELECT array_agg(k.id ORDER BY k.lifetime_value DESC, k.id) INTO ids
    FROM (SELECT c.id, c.lifetime_value
          FROM @extschema@.customers AS c
          LEFT JOIN (SELECT i.customer_id, count(*)::integer AS n
                     FROM @extschema@.customer_interactions AS i
                     WHERE i.interaction_date >= as_of - interval '30 days'
                     GROUP BY i.customer_id) AS i ON i.customer_id = c.id
          WHERE (customer_360_page.customer_type IS NULL
                 OR c.customer_type = customer_360_page.customer_type)
            AND (customer_360_page.lifecycle_stage IS NULL
                 OR c.lifecycle_stage = customer_360_page.lifecycle_stage)
            AND @extschema@.customer_temperature(
                    CASE WHEN c.last_order_at IS NOT NULL
                         THEN @extschema@.whole_days_between(c.last_order_at, as_of) END,
                    COALESCE(i.n, 0)) = customer_360_page.temperature
          ORDER BY c.lifetime_value DESC, c.id
          LIMIT page_limit OFFSET page_offset) AS k;
    RETURN COALESCE(ids, '{}');
END
$$;
COMMENT ON FUNCTION @extschema@.customer_360_page(@extschema@.customer_type, @extschema@.lifecycle_stage, @extschema@.customer_temperature, integer, integer) IS
    'Part of customer_360_list: the ids of one page of the customers the caller sees with that type, stage and temperature (NULL matches everyone), highest lifetime value first';

CREATE FUNCTION @extschema@.customer_360_list(
    customer_type @extschema@.customer_type DEFAULT NULL,
    lifecycle_stage @extschema@.lifecycle_stage DEFAULT NULL,
    temperature @extschema@.customer_temperature DEFAULT NULL,
    "limit" integer DEFAULT 100,
    "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    id bigint;
    items jsonb[] := '{}';
BEGIN
    -- the page of customers first, then customer_360() of each: one
    -- index-driven lookup per customer listed, never the view of everyone
    FOREACH id IN ARRAY @extschema@.customer_360_page(
        customer_360_list.customer_type, customer_360_list.lifecycle_stage,
        customer_360_list.temperature, customer_360_list."limit", customer_360_list."offset")
    LOOP
        items := items || @extschema@.customer_360(id);   -- appended in place
    END LOOP;
    RETURN to_jsonb(items);
END
$$;
COMMENT ON FUNCTION @extschema@.customer_360_list(@extschema@.customer_type, @extschema@.lifecycle_stage, @extschema@.customer_temperature, integer, integer) IS
    'GET /cdm/customer360?customerType=&lifecycleStage=&temperature=&limit=&offset= — JSON array of customer_360 objects, highest lifetime value first; a NULL filter matches everyone';

CREATE FUNCTION @extschema@.customers_by_lifecycle(
    stage @extschema@.lifecycle_stage, "limit" integer DEFAULT 100, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF customers_by_lifecycle.stage IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN @extschema@.customer_360_list(lifecycle_stage => customers_by_lifecycle.stage,
                                         "limit" => customers_by_lifecycle."limit",
                                         "offset" => customers_by_lifecycle."offset");
END
$$;
COMMENT ON FUNCTION @extschema@.customers_by_lifecycle(@extschema@.lifecycle_stage, integer, integer) IS
    'GET /cdm/lifecycle/:stage — customers in a lifecycle stage, as customer_360_list';

CREATE FUNCTION @extschema@.customers_by_type(
    type @extschema@.customer_type, "limit" integer DEFAULT 100, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF customers_by_type.type IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN @extschema@.customer_360_list(customer_type => customers_by_type.type,
                                         "limit" => customers_by_type."limit",
                                         "offset" => customers_by_type."offset");
END
$$;
COMMENT ON FUNCTION @extschema@.customers_by_type(@extschema@.customer_type, integer, integer) IS
    'GET /cdm/type/:type — customers of a type (new, repeat, vip, inactive), as customer_360_list';

CREATE FUNCTION @extschema@.customers_by_temperature(
    temperature @extschema@.customer_temperature, "limit" integer DEFAULT 100, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF customers_by_temperature.temperature IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN @extschema@.customer_360_list(temperature => customers_by_temperature.temperature,
                                         "limit" => customers_by_temperature."limit",
                                         "offset" => customers_by_temperature."offset");
END
$$;
COMMENT ON FUNCTION @extschema@.customers_by_temperature(@extschema@.customer_temperature, integer, integer) IS
    'GET /cdm/temperature/:temperature — hot, warm or cold customers, as customer_360_list';

-- 3-6. family members --------------------------------------------------------

CREATE FUNCTION @extschema@.family_members(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    IF NOT @extschema@.api_customer_exists(family_members.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(m) ORDER BY m.id), '[]'::jsonb) INTO result
    FROM @extschema@.customer_family_members AS m
    WHERE m.customer_id = family_members.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.family_members(bigint) IS
    'GET /cdm/family/:customerId — JSON array of the customer''s family members; NULL for an unknown customer';

CREATE FUNCTION @extschema@.add_family_member(customer_id bigint, member jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r @extschema@.customer_family_members :=
        jsonb_populate_record(NULL::@extschema@.customer_family_members,
                              @extschema@.api_json_object(add_family_member.member, 'member'));
    written record;
BEGIN
    PERFORM @extschema@.api_require_customer(add_family_member.customer_id);
    INSERT INTO @extschema@.customer_family_members
        (customer_id, name, relationship, phone, email, date_of_birth, anniversary_date,
         gender, profession, notes)
    VALUES (add_family_member.customer_id, r.name, r.relationship, r.phone, r.email,
            r.date_of_birth, r.anniversary_date, r.gender, r.profession, r.notes)
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.add_family_member(bigint, jsonb) IS
    'POST /cdm/family — adds a family member ({"name", "relationship", "phone", "date_of_birth", "anniversary_date", ...}) and returns the row; 23503 for an unknown customer';

CREATE FUNCTION @extschema@.update_family_member(customer_id bigint, member_id bigint, changes jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- checked before any row is read, so a bad body fails even when no row matches
    body jsonb := @extschema@.api_json_object(update_family_member.changes, 'changes');
    stamp timestamptz := now();
    r @extschema@.customer_family_members;
    written record;
BEGIN
    IF NOT @extschema@.api_customer_exists(update_family_member.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO r FROM @extschema@.customer_family_members AS m
    WHERE m.customer_id = update_family_member.customer_id AND m.id = update_family_member.member_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    r := jsonb_populate_record(r, body);
    UPDATE @extschema@.customer_family_members AS m
    SET (name, relationship, phone, email, date_of_birth, anniversary_date, gender, profession,
         notes, updated_at) =
        (r.name, r.relationship, r.phone, r.email, r.date_of_birth, r.anniversary_date,
         r.gender, r.profession, r.notes, stamp)
    WHERE m.customer_id = update_family_member.customer_id AND m.id = update_family_member.member_id
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.update_family_member(bigint, bigint, jsonb) IS
    'PUT /cdm/family/:id — changes the fields given (others stay) and returns the row; NULL when the customer has no such member';

CREATE FUNCTION @extschema@.delete_family_member(customer_id bigint, member_id bigint)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    IF NOT @extschema@.api_customer_exists(delete_family_member.customer_id) THEN
        RETURN false;
    END IF;
    DELETE FROM @extschema@.customer_family_members AS m
    WHERE m.customer_id = delete_family_member.customer_id AND m.id = delete_family_member.member_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n > 0;
END
$$;
COMMENT ON FUNCTION @extschema@.delete_family_member(bigint, bigint) IS
    'DELETE /cdm/family/:id — removes a family member; true when one was removed';

-- 7-9. interactions ------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_interactions_list(
    customer_id bigint, "limit" integer DEFAULT 50, type text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    page_limit integer := @extschema@.api_non_negative(customer_interactions_list."limit", 'limit');
    result jsonb;
BEGIN
    IF NOT @extschema@.api_customer_exists(customer_interactions_list.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(x) ORDER BY x.interaction_date DESC, x.id DESC), '[]'::jsonb)
    INTO result
    FROM (SELECT i.*
          FROM @extschema@.customer_interactions AS i
          WHERE i.customer_id = customer_interactions_list.customer_id
            AND (customer_interactions_list.type IS NULL
                 OR i.interaction_type = customer_interactions_list.type)
          ORDER BY i.interaction_date DESC, i.id DESC
          LIMIT page_limit) AS x;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_interactions_list(bigint, integer, text) IS
    'GET /cdm/interactions/:customerId?type=&limit= — the customer''s interactions, newest first; NULL for an unknown customer';

CREATE FUNCTION @extschema@.track_interaction(customer_id bigint, interaction jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r @extschema@.customer_interactions :=
        jsonb_populate_record(NULL::@extschema@.customer_interactions,
                              @extschema@.api_json_object(track_interaction.interaction, 'interaction'));
    written record;
BEGIN
    PERFORM @extschema@.api_require_customer(track_interaction.customer_id);
    r.interaction_date := COALESCE(r.interaction_date, now());
    INSERT INTO @extschema@.customer_interactions
        (customer_id, interaction_type, channel, interaction_direction, interaction_date, subject,
         description, outcome, duration_seconds, feedback_score, follow_up_required,
         follow_up_date, follow_up_completed, handled_by, notes, metadata)
    VALUES (track_interaction.customer_id, r.interaction_type, r.channel, r.interaction_direction,
            r.interaction_date, r.subject, r.description, r.outcome, r.duration_seconds,
            r.feedback_score, COALESCE(r.follow_up_required, false), r.follow_up_date,
            COALESCE(r.follow_up_completed, false), r.handled_by, r.notes, r.metadata)
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.track_interaction(bigint, jsonb) IS
    'POST /cdm/interactions — records an interaction ({"interaction_type", "interaction_direction", "subject", "outcome", "duration_seconds", ...}; interaction_date defaults to now) and returns the row; 23503 for an unknown customer';

CREATE FUNCTION @extschema@.interaction_stats(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cid bigint := interaction_stats.customer_id;
    as_of timestamptz := now();
    positive text[] := @extschema@.positive_outcomes();
    s record;
    by_type jsonb;
    by_channel jsonb;
    last_interaction jsonb;
BEGIN
    IF NOT @extschema@.api_customer_exists(cid) THEN
        RETURN NULL;
    END IF;
    SELECT count(*) AS total,
           count(*) FILTER (WHERE i.interaction_direction = 'inbound') AS inbound,
           count(*) FILTER (WHERE i.interaction_direction = 'outbound') AS outbound,
           count(*) FILTER (WHERE lower(i.outcome) = ANY (positive)) AS positive,
           count(*) FILTER (WHERE i.follow_up_required AND NOT i.follow_up_completed) AS follow_ups_pending,
           COALESCE(sum(i.duration_seconds), 0) AS duration,
           min(i.interaction_date) AS first_at,
           max(i.interaction_date) AS last_at
    INTO s
    FROM @extschema@.customer_interactions AS i
    WHERE i.customer_id = cid;
    SELECT COALESCE(jsonb_object_agg(t.k, t.n), '{}'::jsonb) INTO by_type
    FROM (SELECT i.interaction_type AS k, count(*) AS n
          FROM @extschema@.customer_interactions AS i
          WHERE i.customer_id = cid GROUP BY 1) AS t;
    SELECT COALESCE(jsonb_object_agg(t.k, t.n), '{}'::jsonb) INTO by_channel
    FROM (SELECT COALESCE(i.channel, 'unknown') AS k, count(*) AS n
          FROM @extschema@.customer_interactions AS i
          WHERE i.customer_id = cid GROUP BY 1) AS t;
    SELECT to_jsonb(i) INTO last_interaction
    FROM @extschema@.customer_interactions AS i
    WHERE i.customer_id = cid
    ORDER BY i.interaction_date DESC, i.id DESC
    LIMIT 1;
    RETURN jsonb_build_object(
        'customer_id', cid,
        'total_interactions', s.total,
        'by_type', by_type,
        'by_channel', by_channel,
        'inbound', s.inbound,
        'outbound', s.outbound,
        'positive_outcomes', s.positive,
        'follow_ups_pending', s.follow_ups_pending,
        'total_duration_seconds', s.duration,
        'first_interaction_at', s.first_at,
        'last_interaction_at', s.last_at,
        'days_since_last_interaction',
            CASE WHEN s.last_at IS NOT NULL THEN @extschema@.whole_days_between(s.last_at, as_of) END,
        'last_interaction', last_interaction);
END
$$;
COMMENT ON FUNCTION @extschema@.interaction_stats(bigint) IS
    'GET /cdm/interactions/:customerId/stats — counts by type, channel and direction, positive outcomes (setting customer_scoring.positive_outcomes), pending follow-ups, durations, first and last interaction; NULL for an unknown customer';

-- 10-12. behaviour -------------------------------------------------------------

CREATE FUNCTION @extschema@.track_behavior(customer_id bigint, behavior jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r @extschema@.customer_behavior :=
        jsonb_populate_record(NULL::@extschema@.customer_behavior,
                              @extschema@.api_json_object(track_behavior.behavior, 'behavior'));
    written record;
BEGIN
    PERFORM @extschema@.api_require_customer(track_behavior.customer_id);
    r.created_at := COALESCE(r.created_at, now());
    INSERT INTO @extschema@.customer_behavior
        (customer_id, behavior_type, product_id, product_name, category_id, category, search_query,
         page_url, session_id, device_type, duration_seconds, metadata, created_at)
    VALUES (track_behavior.customer_id, r.behavior_type, r.product_id, r.product_name,
            r.category_id, r.category, r.search_query, r.page_url, r.session_id, r.device_type,
            r.duration_seconds, r.metadata, r.created_at)
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.track_behavior(bigint, jsonb) IS
    'POST /cdm/behavior — records browsing behaviour ({"behavior_type", "productId", "sessionId", ...}; created_at defaults to now) and returns the row; 23503 for an unknown customer';

CREATE FUNCTION @extschema@.customer_behaviors(
    customer_id bigint, "limit" integer DEFAULT 50, type text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    page_limit integer := @extschema@.api_non_negative(customer_behaviors."limit", 'limit');
    result jsonb;
BEGIN
    IF NOT @extschema@.api_customer_exists(customer_behaviors.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(x) ORDER BY x.created_at DESC, x.id DESC), '[]'::jsonb)
    INTO result
    FROM (SELECT b.*
          FROM @extschema@.customer_behavior AS b
          WHERE b.customer_id = customer_behaviors.customer_id
            AND (customer_behaviors.type IS NULL OR b.behavior_type = customer_behaviors.type)
          ORDER BY b.created_at DESC, b.id DESC
          LIMIT page_limit) AS x;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_behaviors(bigint, integer, text) IS
    'GET /cdm/behavior/:customerId?type=&limit= — the customer''s behaviour, newest first; NULL for an unknown customer';

CREATE FUNCTION @extschema@.most_viewed_products(customer_id bigint DEFAULT NULL, "limit" integer DEFAULT 10)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    page_limit integer := @extschema@.api_non_negative(most_viewed_products."limit", 'limit');
    result jsonb;
BEGIN
    IF most_viewed_products.customer_id IS NULL THEN
        -- everyone the caller sees
        SELECT COALESCE(jsonb_agg(to_jsonb(p) ORDER BY p.views DESC, p.product_id), '[]'::jsonb)
        INTO result
        FROM (SELECT b.product_id, max(b.product_name) AS product_name, count(*) AS views,
                     count(DISTINCT b.customer_id) AS viewers, max(b.created_at) AS last_viewed_at
              FROM @extschema@.customer_behavior AS b
              JOIN @extschema@.customers AS c ON c.id = b.customer_id
              WHERE b.behavior_type = 'product_view' AND b.product_id IS NOT NULL
              GROUP BY b.product_id
              ORDER BY 3 DESC, 1
              LIMIT page_limit) AS p;
        RETURN result;
    END IF;
    IF NOT @extschema@.api_customer_exists(most_viewed_products.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(p) ORDER BY p.views DESC, p.product_id), '[]'::jsonb)
    INTO result
    FROM (SELECT b.product_id, max(b.product_name) AS product_name, count(*) AS views,
                 count(DISTINCT b.customer_id) AS viewers, max(b.created_at) AS last_viewed_at
          FROM @extschema@.customer_behavior AS b
          WHERE b.customer_id = most_viewed_products.customer_id
            AND b.behavior_type = 'product_view' AND b.product_id IS NOT NULL
          GROUP BY b.product_id
          ORDER BY 3 DESC, 1
          LIMIT page_limit) AS p;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.most_viewed_products(bigint, integer) IS
    'GET /cdm/behavior/:customerId/most-viewed?limit= — most viewed products (product_id, product_name, views, viewers, last_viewed_at) of one customer, or of everyone the caller sees when customer_id is NULL; NULL for an unknown customer';

-- 13-15. drop-offs -------------------------------------------------------------

CREATE FUNCTION @extschema@.track_dropoff(customer_id bigint, dropoff jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r @extschema@.customer_dropoff_tracking :=
        jsonb_populate_record(NULL::@extschema@.customer_dropoff_tracking,
                              @extschema@.api_json_object(track_dropoff.dropoff, 'dropoff'));
    written record;
BEGIN
    PERFORM @extschema@.api_require_customer(track_dropoff.customer_id);
    r.created_at := COALESCE(r.created_at, now());
    INSERT INTO @extschema@.customer_dropoff_tracking
        (customer_id, stage, product_id, product_ids, cart_value, reason, session_id, recovered,
         recovered_at, recovery_channel, notes, created_at)
    VALUES (track_dropoff.customer_id, r.stage, r.product_id, r.product_ids, r.cart_value, r.reason,
            r.session_id, COALESCE(r.recovered, false), r.recovered_at, r.recovery_channel, r.notes,
            r.created_at)
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.track_dropoff(bigint, jsonb) IS
    'POST /cdm/dropoff — records a funnel drop-off ({"stage", "productId", "cart_value", "reason", ...}; created_at defaults to now) and returns the row; 23503 for an unknown customer';

CREATE FUNCTION @extschema@.customer_dropoffs(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    IF NOT @extschema@.api_customer_exists(customer_dropoffs.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(d) ORDER BY d.created_at DESC, d.id DESC), '[]'::jsonb)
    INTO result
    FROM @extschema@.customer_dropoff_tracking AS d
    WHERE d.customer_id = customer_dropoffs.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_dropoffs(bigint) IS
    'GET /cdm/dropoff/:customerId — the customer''s drop-offs, newest first; NULL for an unknown customer';

CREATE FUNCTION @extschema@.recover_dropoff(customer_id bigint, dropoff_id bigint, channel text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    stamp timestamptz := now();
    written record;
BEGIN
    IF NOT @extschema@.api_customer_exists(recover_dropoff.customer_id) THEN
        RETURN NULL;
    END IF;
    UPDATE @extschema@.customer_dropoff_tracking AS d
    SET recovered = true,
        recovered_at = COALESCE(d.recovered_at, stamp),
        recovery_channel = COALESCE(recover_dropoff.channel, d.recovery_channel)
    WHERE d.customer_id = recover_dropoff.customer_id
      AND d.id = recover_dropoff.dropoff_id
    RETURNING * INTO written;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.recover_dropoff(bigint, bigint, text) IS
    'PUT /cdm/dropoff/:dropoffId/recover — marks a drop-off recovered (first recovery time kept, channel of the win-back action) and returns the row; NULL when the customer has no such drop-off';

-- 16-18. birthdays and anniversaries ------------------------------------------

CREATE FUNCTION @extschema@.api_events(days integer, event_type text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    -- upcoming_events reads customers, so it lists only those the caller sees
    SELECT COALESCE(jsonb_agg(
               jsonb_build_object(
                   'type', CASE WHEN e.relationship = 'self' THEN 'customer' ELSE 'family_member' END,
                   'name', e.person_name)
               || to_jsonb(e)
               ORDER BY e.days_until_event, e.customer_id, e.person_name, e.event_type),
           '[]'::jsonb)
    INTO result
    FROM @extschema@.upcoming_events(api_events.days) AS e  -- days outside 0-366: 22003
    WHERE api_events.event_type IS NULL OR e.event_type = api_events.event_type;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.api_events(integer, text) IS
    'Birthdays and/or anniversaries of customers and family members in the next days (0-366, else 22003) as a JSON array; type is customer or family_member, name the person''s, event_date the original date, next_occurrence the upcoming one';

CREATE FUNCTION @extschema@.upcoming_birthdays(days integer DEFAULT 30)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN @extschema@.api_events(upcoming_birthdays.days, 'birthday');
END
$$;
COMMENT ON FUNCTION @extschema@.upcoming_birthdays(integer) IS
    'GET /cdm/events/birthdays?days= — birthdays of customers and family members in the next days (0-366, today = 0), soonest first';

CREATE FUNCTION @extschema@.upcoming_anniversaries(days integer DEFAULT 30)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN @extschema@.api_events(upcoming_anniversaries.days, 'anniversary');
END
$$;
COMMENT ON FUNCTION @extschema@.upcoming_anniversaries(integer) IS
    'GET /cdm/events/anniversaries?days= — anniversaries of customers and family members in the next days (0-366, today = 0), soonest first';

CREATE FUNCTION @extschema@.todays_events()
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN @extschema@.api_events(0);
END
$$;
COMMENT ON FUNCTION @extschema@.todays_events() IS
    'GET /cdm/events/today — today''s birthdays and anniversaries of customers and family members';

-- 19-21. call recommendations --------------------------------------------------

CREATE FUNCTION @extschema@.call_recommendations("limit" integer DEFAULT 50)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    page_limit integer := @extschema@.api_non_negative(call_recommendations."limit", 'limit');
    result jsonb;
BEGIN
    SELECT COALESCE(jsonb_agg(to_jsonb(r) ORDER BY r.call_priority_score DESC, r.lifetime_value DESC,
                                                   r.customer_id),
                    '[]'::jsonb)
    INTO result
    FROM (SELECT a.*
          FROM @extschema@.ai_call_recommendations AS a
          ORDER BY a.call_priority_score DESC, a.lifetime_value DESC, a.customer_id
          LIMIT page_limit) AS r;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.call_recommendations(integer) IS
    'GET /cdm/ai/recommendations?limit= — the call list: ai_call_recommendations rows, highest call priority first (then lifetime value)';

CREATE FUNCTION @extschema@.top_priority_customers("limit" integer DEFAULT 10)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    page_limit integer := @extschema@.api_non_negative(top_priority_customers."limit", 'limit');
    result jsonb;
BEGIN
    SELECT COALESCE(jsonb_agg(to_jsonb(r) ORDER BY r.call_priority_score DESC, r.lifetime_value DESC,
                                                   r.customer_id),
                    '[]'::jsonb)
    INTO result
    FROM (SELECT a.*
          FROM @extschema@.ai_call_recommendations AS a
          WHERE a.call_priority_score >= 7
          ORDER BY a.call_priority_score DESC, a.lifetime_value DESC, a.customer_id
          LIMIT page_limit) AS r;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.top_priority_customers(integer) IS
    'GET /cdm/ai/top-priority?limit= — the customers to call now: call priority 7 or more (call within 3 days or 24 hours), highest first';

CREATE FUNCTION @extschema@.customer_recommendation(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    -- the view reads customers, so a hidden customer has no row
    SELECT to_jsonb(a) INTO result
    FROM @extschema@.ai_call_recommendations AS a
    WHERE a.customer_id = customer_recommendation.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_recommendation(bigint) IS
    'GET /cdm/ai/recommendation/:customerId — call priority, offer, best call time, recommended products and next action; NULL for an unknown customer or one marked do_not_contact';

-- 25. dashboard ------------------------------------------------------------------

-- One simple aggregate statement per figure, each over the customers the
-- caller sees: Citus pushes a join on the customer down to the shards and
-- combines the counts, where correlated subqueries could not be planned.
CREATE FUNCTION @extschema@.dashboard_statistics()
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    as_of timestamptz := now();
    s record;
    warmth jsonb;
    rfm jsonb;
    health jsonb;
BEGIN
    SELECT count(*) AS total,
           count(*) FILTER (WHERE t.customer_type = 'vip') AS vip,
           count(*) FILTER (WHERE t.customer_type = 'repeat') AS repeat,
           count(*) FILTER (WHERE t.customer_type = 'new') AS new,
           count(*) FILTER (WHERE t.lifecycle_stage = 'loyal') AS loyal,
           count(*) FILTER (WHERE t.temperature = 'hot') AS hot,
           count(*) FILTER (WHERE t.temperature = 'warm') AS warm,
           count(*) FILTER (WHERE t.temperature = 'cold') AS cold,
           COALESCE(sum(t.lifetime_value), 0) AS total_ltv,
           COALESCE(round(avg(t.lifetime_value), 2), 0) AS avg_ltv
    INTO s
    FROM (SELECT c.customer_type, c.lifecycle_stage, c.lifetime_value,
                 @extschema@.customer_temperature(
                     CASE WHEN c.last_order_at IS NOT NULL
                          THEN @extschema@.whole_days_between(c.last_order_at, as_of) END,
                     COALESCE(i.n, 0)) AS temperature
          FROM @extschema@.customers AS c
          LEFT JOIN (SELECT i.customer_id, count(*)::integer AS n
                     FROM @extschema@.customer_interactions AS i
                     WHERE i.interaction_date >= as_of - interval '30 days'
                     GROUP BY i.customer_id) AS i ON i.customer_id = c.id) AS t;

    SELECT jsonb_object_agg(x.warmth_level, x.n) INTO warmth
    FROM (SELECT w.warmth_level, count(*) AS n
          FROM @extschema@.customer_warmth AS w
          JOIN @extschema@.customers AS c ON c.id = w.customer_id
          WHERE w.is_active AND w.warmth_level IS NOT NULL
          GROUP BY w.warmth_level) AS x;
    SELECT jsonb_object_agg(x.segment, x.n) INTO rfm
    FROM (SELECT r.segment, count(*) AS n
          FROM @extschema@.customer_rfm_scores AS r
          JOIN @extschema@.customers AS c ON c.id = r.customer_id
          WHERE r.segment IS NOT NULL
          GROUP BY r.segment) AS x;
    SELECT jsonb_object_agg(x.health_level, x.n) INTO health
    FROM (SELECT h.health_level, count(*) AS n
          FROM @extschema@.customer_health_scores AS h
          JOIN @extschema@.customers AS c ON c.id = h.customer_id
          WHERE h.health_level IS NOT NULL
          GROUP BY h.health_level) AS x;

    RETURN jsonb_build_object(
        'total_customers', s.total,
        'vip_customers', s.vip,
        'repeat_customers', s.repeat,
        'new_customers', s.new,
        'loyal_customers', s.loyal,
        'hot_customers', s.hot,
        'warm_customers', s.warm,
        'cold_customers', s.cold,
        'total_lifetime_value', s.total_ltv,
        'avg_lifetime_value', s.avg_ltv,
        'warmth_levels', @extschema@.api_label_counts(enum_range(NULL::@extschema@.warmth_level), warmth),
        'rfm_segments', @extschema@.api_label_counts(enum_range(NULL::@extschema@.rfm_segment), rfm),
        'health_levels', @extschema@.api_label_counts(enum_range(NULL::@extschema@.health_level), health));
END
$$;
COMMENT ON FUNCTION @extschema@.dashboard_statistics() IS
    'GET /cdm/stats/dashboard — total, vip, repeat, new, loyal, hot, warm and cold customers, total and average lifetime value, plus customers per warmth level (active rows), RFM segment and health level; only the customers the caller sees';
