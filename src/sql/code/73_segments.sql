-- src/sql/code/73_segments.sql — customer segments from JSON criteria (the
-- customer-management CRM's GET/POST /api/customers/segments and its
-- addCustomerToSegment() service function).
--
-- Criteria are compiled into one set-based query over customers.  The
-- compiler never pastes a value into SQL: field names come from a fixed
-- whitelist of customers columns (quoted with %I), operators from a fixed
-- table, cast targets from the catalog's type of the whitelisted column, and
-- every value travels in one jsonb array passed as $1 (EXECUTE ... USING),
-- referenced by position.  So the format is safe to accept from an API
-- client.  The format is described in the COMMENT of segment_criteria_sql().

-- ---------------------------------------------------------------------------
-- segment_criteria_node: one condition of the criteria -> SQL predicate
-- ---------------------------------------------------------------------------

-- Compiles one condition, recursing into all / any / not.  Each call returns
-- only its own values (params, numbered from first_param on) and the value
-- casts still to be checked (checks); the caller appends them in place.  So
-- the work is linear in the size of the criteria: passing one growing array
-- through every call, as 1.0 did, made 16,000 conditions take 28 s.  budget
-- counts down the conditions still allowed and depth the levels of nesting.
CREATE FUNCTION @extschema@.segment_criteria_node(
    criteria jsonb,
    first_param integer,
    depth integer,
    INOUT budget integer,
    OUT predicate text,
    OUT params jsonb[],
    OUT checks text[])
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- customers columns a condition may name; everything else is rejected
    allowed_fields constant text[] := ARRAY[
        'id', 'first_name', 'last_name', 'name', 'email', 'phone', 'company_name',
        'district', 'city', 'gender', 'date_of_birth', 'marital_status', 'anniversary_date',
        'profession', 'available_time', 'customer_type', 'lifecycle_stage', 'status', 'source',
        'account_type', 'gdpr_consent', 'do_not_contact', 'total_orders', 'lifetime_value',
        'total_spent', 'first_order_at', 'last_order_at', 'created_at', 'updated_at'];
    allowed_ops constant text[] := ARRAY[
        '=', '<>', '!=', '<', '<=', '>', '>=', 'in', 'not_in', 'like', 'ilike', 'contains',
        'is_null', 'is_not_null'];
    max_depth constant integer := 100;
    -- the extension's schema, quoted, for the names in the predicate: never
    -- pasted into a format string, where a % in it would be a directive
    schema text;
    keys text[];
    k text;
    elem jsonb;
    v jsonb;
    check_sql text;
    sub record;
    parts text[];
    field text;
    op text;
    val jsonb;
    vals jsonb;
    col text;
    typ text;
    cat "char";
    n integer;
    ref text;
BEGIN
    params := '{}';
    checks := '{}';
    IF criteria IS NULL THEN
        RAISE EXCEPTION 'segment criteria must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF jsonb_typeof(criteria) <> 'object' THEN
        RAISE EXCEPTION 'segment condition must be a JSON object: %', criteria
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF depth > max_depth THEN
        RAISE EXCEPTION 'segment criteria are nested more than % levels deep', max_depth
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT array_agg(x ORDER BY x) INTO keys FROM jsonb_object_keys(criteria) x;

    -- {} matches nobody
    IF keys IS NULL THEN
        predicate := 'false';
        RETURN;
    END IF;

    -- every condition but all / any / not counts against the budget; once
    -- it is spent, nothing more is compiled (segment_criteria_sql raises)
    IF NOT (array_length(keys, 1) = 1 AND keys[1] IN ('all', 'any', 'not')) THEN
        budget := budget - 1;
        IF budget < 0 THEN
            predicate := 'false';
            RETURN;
        END IF;
    END IF;
    n := first_param;   -- the position of this condition's first value in $1

    -- {"field": ..., "op": ..., "value": ...}
    IF 'field' = ANY (keys) THEN
        FOREACH k IN ARRAY keys LOOP
            IF k NOT IN ('field', 'op', 'value') THEN
                RAISE EXCEPTION 'unknown key "%" in segment condition %', k, criteria
                    USING ERRCODE = 'invalid_parameter_value',
                          HINT = 'A field condition has the keys "field", "op" and "value".';
            END IF;
        END LOOP;
        IF jsonb_typeof(criteria -> 'field') IS DISTINCT FROM 'string' THEN
            RAISE EXCEPTION 'segment condition "field" must be a string: %', criteria
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        field := criteria ->> 'field';
        IF NOT field = ANY (allowed_fields) THEN
            RAISE EXCEPTION 'unknown segment field "%"', field
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Allowed fields: ' || array_to_string(allowed_fields, ', ') || '.';
        END IF;
        IF criteria ? 'op' AND jsonb_typeof(criteria -> 'op') IS DISTINCT FROM 'string' THEN
            RAISE EXCEPTION 'segment condition "op" must be a string: %', criteria
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        op := lower(COALESCE(criteria ->> 'op', '='));
        IF NOT op = ANY (allowed_ops) THEN
            RAISE EXCEPTION 'unknown segment operator "%"', criteria ->> 'op'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Allowed operators: ' || array_to_string(allowed_ops, ', ') || '.';
        END IF;
        op := CASE op WHEN '!=' THEN '<>' ELSE op END;

        SELECT format_type(a.atttypid, NULL), t.typcategory INTO typ, cat
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = '@extschema@.customers'::regclass
          AND a.attname = field AND a.attnum > 0 AND NOT a.attisdropped;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'segment field "%" is not a column of customers', field
                USING ERRCODE = 'internal_error';
        END IF;
        col := format('c.%I', field);
        val := criteria -> 'value';

        IF op IN ('is_null', 'is_not_null') THEN
            IF val IS NOT NULL THEN
                RAISE EXCEPTION 'segment operator "%" takes no value', op
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            predicate := col || CASE op WHEN 'is_null' THEN ' IS NULL' ELSE ' IS NOT NULL' END;
            RETURN;
        END IF;
        IF val IS NULL OR jsonb_typeof(val) = 'null' THEN
            RAISE EXCEPTION 'segment condition on "%" needs a value', field
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Use the operator "is_null" or "is_not_null" to test for a missing value.';
        END IF;
        IF op IN ('like', 'ilike', 'contains') AND cat <> 'S' THEN
            RAISE EXCEPTION 'segment operator "%" needs a text field; "%" is %', op, field, typ
                USING ERRCODE = 'invalid_parameter_value';
        END IF;

        IF op IN ('in', 'not_in') THEN
            IF jsonb_typeof(val) <> 'array' THEN
                RAISE EXCEPTION 'segment operator "%" needs an array value', op
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF EXISTS (SELECT 1 FROM jsonb_array_elements(val) e
                       WHERE jsonb_typeof(e.value) NOT IN ('string', 'number', 'boolean')) THEN
                RAISE EXCEPTION 'the values of segment field "%" must be strings, numbers or booleans', field
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            vals := val;
            ref := format('ARRAY(SELECT pg_catalog.jsonb_array_elements_text($1 -> %s))::%s[]', n, typ);
        ELSIF jsonb_typeof(val) = 'object' THEN
            -- a date relative to today: {"days_ago": 30}, {"months_ago": 6}, {"years_ago": 18}
            SELECT min(x) INTO k FROM jsonb_object_keys(val) x;
            IF cat <> 'D' OR op NOT IN ('=', '<>', '<', '<=', '>', '>=')
               OR (SELECT count(*) FROM jsonb_object_keys(val)) <> 1
               OR k NOT IN ('days_ago', 'months_ago', 'years_ago')
               OR jsonb_typeof(val -> k) <> 'number' THEN
                RAISE EXCEPTION 'invalid value for segment field "%": %', field, val
                    USING ERRCODE = 'invalid_parameter_value',
                          HINT = 'An object value is a date relative to today, e.g. {"days_ago": 30}, {"months_ago": 6} or {"years_ago": 18}, and only for date and time fields.';
            END IF;
            vals := val -> k;
            ref := format('(%s - pg_catalog.make_interval(%s => ($1 ->> %s)::integer))::%s',
                          CASE WHEN typ = 'date' THEN 'CURRENT_DATE' ELSE 'pg_catalog.now()' END,
                          CASE k WHEN 'days_ago' THEN 'days' WHEN 'months_ago' THEN 'months'
                                 ELSE 'years' END,
                          n, typ);
        ELSIF jsonb_typeof(val) IN ('string', 'number', 'boolean') THEN
            vals := val;
            ref := CASE WHEN op IN ('like', 'ilike', 'contains') THEN format('($1 ->> %s)', n)
                        ELSE format('($1 ->> %s)::%s', n, typ) END;
        ELSE
            RAISE EXCEPTION 'invalid value for segment field "%": %', field, val
                USING ERRCODE = 'invalid_parameter_value';
        END IF;

        params := ARRAY[vals];
        -- cast by segment_criteria_sql, so that a bad value fails there
        -- (22P02 and the like) with the field named in the error's CONTEXT
        checks := ARRAY[format('%s AS %I', ref, 'value of segment field ' || field)];

        predicate := CASE op
            WHEN 'in' THEN format('%s = ANY (%s)', col, ref)
            WHEN 'not_in' THEN format('NOT (%s = ANY (%s))', col, ref)
            WHEN 'like' THEN format('%s LIKE %s', col, ref)
            WHEN 'ilike' THEN format('%s ILIKE %s', col, ref)
            WHEN 'contains' THEN format('pg_catalog.strpos(pg_catalog.lower(%s), pg_catalog.lower(%s)) > 0', col, ref)
            ELSE format('%s %s %s', col, op, ref)
        END;
        -- two-valued: a NULL column never matches, and "not" negates cleanly
        predicate := format('COALESCE(%s, false)', predicate);
        RETURN;
    END IF;

    IF array_length(keys, 1) > 1 THEN
        RAISE EXCEPTION 'segment condition has more than one criterion: %', criteria
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Combine conditions with {"all": [...]} or {"any": [...]}.';
    END IF;
    k := keys[1];
    val := criteria -> k;

    CASE k
    WHEN 'all', 'any' THEN
        IF jsonb_typeof(val) <> 'array' THEN
            RAISE EXCEPTION 'segment criterion "%" needs an array of conditions', k
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        parts := '{}';
        FOR elem IN SELECT e.value FROM jsonb_array_elements(val) e LOOP
            SELECT * INTO sub
            FROM @extschema@.segment_criteria_node(elem, n + cardinality(params), depth + 1, budget);
            budget := sub.budget;
            -- element by element: "array := array || element" appends in place
            FOREACH v IN ARRAY sub.params LOOP
                params := params || v;
            END LOOP;
            FOREACH check_sql IN ARRAY sub.checks LOOP
                checks := checks || check_sql;
            END LOOP;
            parts := parts || sub.predicate;
            EXIT WHEN budget < 0;
        END LOOP;
        IF cardinality(parts) = 0 THEN
            -- every condition of none holds; one of none does not
            predicate := CASE k WHEN 'all' THEN 'true' ELSE 'false' END;
        ELSE
            predicate := '(' || array_to_string(parts, CASE k WHEN 'all' THEN ' AND ' ELSE ' OR ' END) || ')';
        END IF;

    WHEN 'not' THEN
        SELECT * INTO sub FROM @extschema@.segment_criteria_node(val, n, depth + 1, budget);
        budget := sub.budget;
        params := sub.params;
        checks := sub.checks;
        predicate := 'NOT (' || sub.predicate || ')';

    WHEN 'rfm_segment', 'temperature', 'lifecycle_stage', 'customer_type', 'tags_any', 'tags_all' THEN
        -- one string or an array of strings
        IF jsonb_typeof(val) = 'string' THEN
            val := jsonb_build_array(val);
        END IF;
        IF jsonb_typeof(val) IS DISTINCT FROM 'array'
           OR EXISTS (SELECT 1 FROM jsonb_array_elements(val) e WHERE jsonb_typeof(e.value) <> 'string') THEN
            RAISE EXCEPTION 'segment criterion "%" needs a string or an array of strings', k
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        schema := (SELECT quote_ident(ns.nspname) FROM pg_extension e
                   JOIN pg_namespace ns ON ns.oid = e.extnamespace
                   WHERE e.extname = 'customer_scoring');
        params := ARRAY[val];
        typ := CASE k WHEN 'rfm_segment' THEN schema || '.rfm_segment'
                      WHEN 'temperature' THEN schema || '.customer_temperature'
                      WHEN 'lifecycle_stage' THEN schema || '.lifecycle_stage'
                      WHEN 'customer_type' THEN schema || '.customer_type'
                      ELSE 'text' END;
        ref := format('ARRAY(SELECT pg_catalog.jsonb_array_elements_text($1 -> %s))::%s[]', n, typ);
        -- an unknown label fails in segment_criteria_sql (22P02, naming the type and the label)
        checks := ARRAY[ref];
        predicate := CASE k
            WHEN 'rfm_segment' THEN format(
                'EXISTS (SELECT 1 FROM %s.customer_rfm_scores r'
                ' WHERE r.customer_id = c.id AND r.segment = ANY (%s))', schema, ref)
            -- the same rule as customer_360_view.customer_temperature
            WHEN 'temperature' THEN format(
                'COALESCE(%1$s.customer_temperature('
                'CASE WHEN c.last_order_at IS NOT NULL'
                ' THEN %1$s.whole_days_between(c.last_order_at, pg_catalog.now()) END,'
                ' (SELECT pg_catalog.count(*)::integer FROM %1$s.customer_interactions i'
                ' WHERE i.customer_id = c.id'
                ' AND i.interaction_date >= pg_catalog.now() - interval ''30 days'')) = ANY (%2$s), false)',
                schema, ref)
            WHEN 'lifecycle_stage' THEN format('c.lifecycle_stage = ANY (%s)', ref)
            WHEN 'customer_type' THEN format('c.customer_type = ANY (%s)', ref)
            WHEN 'tags_any' THEN format(
                'EXISTS (SELECT 1 FROM %s.customer_tags t'
                ' WHERE t.customer_id = c.id AND t.tag = ANY (%s))', schema, ref)
            ELSE format(
                '(SELECT pg_catalog.count(*) FROM %1$s.customer_tags t'
                ' WHERE t.customer_id = c.id AND t.tag = ANY (%2$s))'
                ' = (SELECT pg_catalog.count(DISTINCT x) FROM pg_catalog.unnest(%2$s) x)', schema, ref)
        END;

    WHEN 'lifetime_value' THEN
        IF jsonb_typeof(val) IS DISTINCT FROM 'object'
           OR NOT (val ?| ARRAY['min', 'max'])
           OR EXISTS (SELECT 1 FROM jsonb_object_keys(val) x WHERE x NOT IN ('min', 'max'))
           OR EXISTS (SELECT 1 FROM jsonb_each(val) e WHERE jsonb_typeof(e.value) <> 'number') THEN
            RAISE EXCEPTION 'segment criterion "lifetime_value" needs an object with a numeric "min", "max" or both: %', val
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        parts := '{}';
        IF val ? 'min' THEN
            params := params || (val -> 'min');
            parts := parts || format('c.lifetime_value >= ($1 ->> %s)::numeric', n + cardinality(params) - 1);
        END IF;
        IF val ? 'max' THEN
            params := params || (val -> 'max');
            parts := parts || format('c.lifetime_value <= ($1 ->> %s)::numeric', n + cardinality(params) - 1);
        END IF;
        predicate := '(' || array_to_string(parts, ' AND ') || ')';

    ELSE
        RAISE EXCEPTION 'unknown segment criterion "%"', k
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A condition is {"all": [...]}, {"any": [...]}, {"not": {...}}, {"field": ..., "op": ..., "value": ...}, {"rfm_segment": [...]}, {"temperature": [...]}, {"lifecycle_stage": [...]}, {"customer_type": [...]}, {"tags_any": [...]}, {"tags_all": [...]} or {"lifetime_value": {"min": ..., "max": ...}}.';
    END CASE;
END
$$;
COMMENT ON FUNCTION @extschema@.segment_criteria_node(jsonb, integer, integer, integer) IS
    'Part of segment_criteria_sql: compiles one condition of segment criteria (recursing into all, any and not) whose values become $1 -> first_param, ...; returns what is left of the budget of conditions (negative: too many, and the rest was not compiled), the predicate, its values and the value casts segment_criteria_sql checks; 22023 for nesting deeper than 100 levels';

-- ---------------------------------------------------------------------------
-- segment_criteria_sql: criteria -> SQL predicate over customers c
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.segment_criteria_sql(
    criteria jsonb,
    INOUT params jsonb DEFAULT '[]'::jsonb,
    OUT predicate text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- criteria may come from API clients: their size is bounded
    max_conditions constant integer := 1000;
    compiled record;
BEGIN
    IF criteria IS NULL THEN
        RAISE EXCEPTION 'segment criteria must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    params := COALESCE(params, '[]'::jsonb);
    SELECT * INTO compiled
    FROM @extschema@.segment_criteria_node(criteria, jsonb_array_length(params), 0, max_conditions);
    IF compiled.budget < 0 THEN
        RAISE EXCEPTION 'segment criteria have more than % conditions', max_conditions
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Split the criteria into several segments, or compare a field with an array of values (the operator "in").';
    END IF;
    params := params || to_jsonb(compiled.params);
    predicate := compiled.predicate;
    -- Cast every value now, in one statement (at most one column per
    -- condition, within PostgreSQL's 1664), so that a bad one fails here
    -- (22P02 and the like) with its field named in the error's CONTEXT line.
    -- No exception block: a subtransaction would make this parallel unsafe.
    IF cardinality(compiled.checks) > 0 THEN
        EXECUTE 'SELECT ' || array_to_string(compiled.checks, ', ') USING params;
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.segment_criteria_sql(jsonb, jsonb) IS
$c$Compiles segment criteria into a predicate over customers c whose values are the jsonb array params ($1), for EXECUTE ... USING; checks the criteria (unknown field, operator or criterion: 22023; unknown label: 22P02). Criteria may come from API clients, so their size is bounded: at most 1000 conditions (every condition but all, any and not counts) and at most 100 levels of all / any / not, else 22023. Criteria format, a JSON object:
  {} matches nobody;
  {"all": [cond, ...]} every condition ([] = everyone), {"any": [cond, ...]} at least one ([] = nobody), {"not": cond};
  {"field": F, "op": O, "value": V} with F a customers column among id, first_name, last_name, name, email, phone, company_name, district, city, gender, date_of_birth, marital_status, anniversary_date, profession, available_time, customer_type, lifecycle_stage, status, source, account_type, gdpr_consent, do_not_contact, total_orders, lifetime_value, total_spent, first_order_at, last_order_at, created_at, updated_at, and O one of = (the default), <>, !=, <, <=, >, >=, in and not_in (V an array), like and ilike (V a pattern), contains (case-insensitive substring), is_null and is_not_null (no V); a NULL column matches no operator but is_null; for date and time fields V may be {"days_ago": n}, {"months_ago": n} or {"years_ago": n}; enums compare in their order;
  {"rfm_segment": ["Champions", "VIP"]} (customer_rfm_scores; run refresh_rfm_scores() first), {"temperature": ["hot", "warm"]} (as in customer_360_view), {"lifecycle_stage": [...]}, {"customer_type": [...]}, {"tags_any": [...]}, {"tags_all": [...]} (customer_tags; each also takes a single string), {"lifetime_value": {"min": 1000, "max": 5000}} (inclusive, either bound optional).
Example: {"all": [{"field": "city", "op": "=", "value": "Berlin"}, {"any": [{"rfm_segment": ["Champions", "VIP"]}, {"tags_any": ["vip"]}]}, {"field": "last_order_at", "op": ">=", "value": {"days_ago": 90}}]}$c$;

-- ---------------------------------------------------------------------------
-- customers_matching / segment_members
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.customers_matching(criteria jsonb)
RETURNS SETOF bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    compiled record;
    -- from the catalog and quoted: a % in the schema name pasted into the
    -- format string would be taken for a directive
    schema name := (SELECT n.nspname FROM pg_extension e
                    JOIN pg_namespace n ON n.oid = e.extnamespace
                    WHERE e.extname = 'customer_scoring');
BEGIN
    SELECT * INTO compiled FROM @extschema@.segment_criteria_sql(customers_matching.criteria);
    RETURN QUERY EXECUTE
        format('SELECT c.id FROM %I.customers c WHERE %s ORDER BY c.id', schema, compiled.predicate)
        USING compiled.params;
END
$$;
COMMENT ON FUNCTION @extschema@.customers_matching(jsonb) IS
    'Ids of the customers that segment criteria match, ascending, among those the caller sees: try criteria before saving them (format and limits: see segment_criteria_sql)';

CREATE FUNCTION @extschema@.segment_members(segment_id bigint)
RETURNS SETOF bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    crit jsonb;
BEGIN
    IF segment_members.segment_id IS NULL THEN
        RAISE EXCEPTION 'segment_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT s.criteria INTO crit FROM @extschema@.customer_segments s
    WHERE s.id = segment_members.segment_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'segment % does not exist', segment_members.segment_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY SELECT m.id FROM @extschema@.customers_matching(crit) AS m(id);
END
$$;
COMMENT ON FUNCTION @extschema@.segment_members(bigint) IS
    'Ids of the customers the segment''s JSON criteria match now, ascending (not the stored membership: manual members are not included); format: see segment_criteria_sql';

-- ---------------------------------------------------------------------------
-- refresh_segment
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.refresh_segment(segment_id bigint)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    stamp timestamptz := now();
    seg @extschema@.customer_segments;
    matching bigint[];
    n_added bigint;
    n_removed bigint;
    n_members integer;
BEGIN
    IF refresh_segment.segment_id IS NULL THEN
        RAISE EXCEPTION 'segment_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- one refresh of a segment at a time
    SELECT * INTO seg FROM @extschema@.customer_segments s
    WHERE s.id = refresh_segment.segment_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'segment % does not exist', refresh_segment.segment_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT seg.is_active THEN
        RAISE EXCEPTION 'segment "%" is not active', seg.name
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Set customer_segments.is_active to true to evaluate it.';
    END IF;

    -- in a statement of its own: customers_matching reads the tables, and on
    -- Citus it may not run inside a write to another one
    SELECT COALESCE(array_agg(m.id), '{}') INTO matching
    FROM @extschema@.customers_matching(seg.criteria) AS m(id);

    -- Criteria members that no longer match leave; new matches join.  A
    -- manual membership stays manual (ON CONFLICT DO NOTHING) and is never
    -- removed.  Only the members the caller sees can leave: with row-level
    -- security on customers, another tenant's customers match nothing here,
    -- and their memberships are that tenant's to refresh.
    DELETE FROM @extschema@.customer_segment_members sm
    USING @extschema@.customers c
    WHERE c.id = sm.customer_id
      AND sm.segment_id = seg.id
      AND sm.source = 'criteria'
      -- NOT IN, not NOT EXISTS: a hashed subplan whatever the statistics
      -- say (an anti join planned on a fresh, unanalysed membership table
      -- became a nested loop: quadratic)
      AND sm.customer_id NOT IN (SELECT x.id FROM unnest(matching) AS x(id));
    GET DIAGNOSTICS n_removed = ROW_COUNT;
    INSERT INTO @extschema@.customer_segment_members AS sm (customer_id, segment_id, source)
    SELECT x.id, seg.id, 'criteria' FROM unnest(matching) AS x(id)
    ON CONFLICT ON CONSTRAINT customer_segment_members_pkey DO NOTHING;
    GET DIAGNOSTICS n_added = ROW_COUNT;

    SELECT count(*) INTO n_members FROM @extschema@.customer_segment_members sm
    WHERE sm.segment_id = seg.id;

    UPDATE @extschema@.customer_segments s
    SET member_count = n_members, last_evaluated_at = stamp
    WHERE s.id = seg.id;

    RETURN jsonb_build_object('segment_id', seg.id, 'name', seg.name,
                              'added', n_added, 'removed', n_removed,
                              'member_count', n_members, 'evaluated_at', stamp);
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_segment(bigint) IS
    'Re-evaluates an active segment''s criteria (whatever is_dynamic says; is_dynamic tells a nightly job which segments to refresh): replaces the criteria-sourced members of customer_segment_members, keeps manual ones, sets member_count and last_evaluated_at; returns {segment_id, name, added, removed, member_count, evaluated_at} (the "auto-add customers to segments" of POST /api/customers/segments)';

-- ---------------------------------------------------------------------------
-- create_segment / segments_list
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.create_segment(
    name text,
    criteria jsonb,
    description text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    crit jsonb := COALESCE(create_segment.criteria, '{}'::jsonb);
    new_id bigint;
    result jsonb;
BEGIN
    IF create_segment.name IS NULL OR btrim(create_segment.name, E' \t\n\r\f') = '' THEN
        RAISE EXCEPTION 'segment name must not be empty' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM @extschema@.segment_criteria_sql(crit);    -- rejects bad criteria

    INSERT INTO @extschema@.customer_segments AS s (name, description, criteria, is_dynamic)
    VALUES (btrim(create_segment.name, E' \t\n\r\f'), create_segment.description, crit, crit <> '{}'::jsonb)
    RETURNING s.id INTO new_id;

    IF crit <> '{}'::jsonb THEN
        PERFORM @extschema@.refresh_segment(new_id);
    END IF;
    SELECT to_jsonb(s) INTO result FROM @extschema@.customer_segments s WHERE s.id = new_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.create_segment(text, jsonb, text) IS
    'Replaces POST /api/customers/segments {"action": "create"}: creates a segment; with non-empty criteria (format: see segment_criteria_sql) it is dynamic and evaluated at once; NULL or {} criteria make a static segment for manual members; returns the segment row';

CREATE FUNCTION @extschema@.segments_list(customer_id bigint DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    segments jsonb;
    memberships jsonb;
BEGIN
    SELECT COALESCE(jsonb_agg(to_jsonb(s) ORDER BY s.name, s.id), '[]'::jsonb) INTO segments
    FROM @extschema@.customer_segments s;
    IF segments_list.customer_id IS NOT NULL THEN
        memberships := '[]'::jsonb;
        -- a customer the caller cannot see belongs to nothing, as an unknown one
        IF @extschema@.api_customer_exists(segments_list.customer_id) THEN
            SELECT COALESCE(jsonb_agg(m.segment_id ORDER BY m.segment_id), '[]'::jsonb) INTO memberships
            FROM @extschema@.customer_segment_members m
            WHERE m.customer_id = segments_list.customer_id;
        END IF;
    END IF;
    RETURN jsonb_build_object('segments', segments, 'customer_segments', memberships);
END
$$;
COMMENT ON FUNCTION @extschema@.segments_list(bigint) IS
    'Replaces GET /api/customers/segments: {"segments": [every segment row, by name], "customer_segments": [ids of the segments the given customer belongs to, or null without a customer]}';

CREATE FUNCTION @extschema@.add_segment_member(segment_id bigint, customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written record;
    n_members integer;
BEGIN
    IF add_segment_member.segment_id IS NULL OR add_segment_member.customer_id IS NULL THEN
        RAISE EXCEPTION 'segment_id and customer_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.customer_segments s WHERE s.id = add_segment_member.segment_id) THEN
        RAISE EXCEPTION 'segment % does not exist', add_segment_member.segment_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.customers c WHERE c.id = add_segment_member.customer_id) THEN
        RAISE EXCEPTION 'customer % does not exist', add_segment_member.customer_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- a criteria member added by hand becomes manual, so a refresh keeps it
    INSERT INTO @extschema@.customer_segment_members AS sm (customer_id, segment_id, source)
    VALUES (add_segment_member.customer_id, add_segment_member.segment_id, 'manual')
    ON CONFLICT ON CONSTRAINT customer_segment_members_pkey DO UPDATE SET source = 'manual'
    RETURNING * INTO written;
    -- counted first, then written as a value: Citus updates a reference table so
    SELECT count(*) INTO n_members FROM @extschema@.customer_segment_members m
    WHERE m.segment_id = add_segment_member.segment_id;
    UPDATE @extschema@.customer_segments s
    SET member_count = n_members
    WHERE s.id = add_segment_member.segment_id;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.add_segment_member(bigint, bigint) IS
    'Replaces POST /api/customers/segments {"action": "add_member"} (addCustomerToSegment): makes the customer a manual member of the segment (kept by refresh_segment whatever the criteria say), updates member_count; returns the membership row';
