-- src/sql/code/74_gdpr.sql — GDPR: export everything about one customer, erase it
-- (right to be forgotten) or anonymize it (the customer-management CRM's
-- "GDPR Compliance": data export, right to be forgotten, do-not-contact).
--
-- Which tables hold a customer's rows is read from the catalog at run time:
-- every table of this extension with a customer_id column (plus customers
-- itself), so a table added by a later version is exported and erased without
-- touching these functions.  Table names in the dynamic SQL come from the
-- catalog as regclass (quoted, schema-qualified); the customer id is always a
-- parameter.

-- ---------------------------------------------------------------------------
-- customer_scoped_tables
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_scoped_tables()
RETURNS TABLE (table_name text, relation regclass, primary_key text[])
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.relname::text, c.oid::pg_catalog.regclass,
           (SELECT pg_catalog.array_agg(pa.attname::text ORDER BY k.ord)
            FROM pg_catalog.pg_index i
            CROSS JOIN LATERAL pg_catalog.unnest(i.indkey::smallint[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_catalog.pg_attribute pa
              ON pa.attrelid OPERATOR(pg_catalog.=) i.indrelid
             AND pa.attnum OPERATOR(pg_catalog.=) k.attnum
            WHERE i.indrelid OPERATOR(pg_catalog.=) c.oid AND i.indisprimary)
    FROM pg_catalog.pg_depend d
    JOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid
    JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) d.objid
    WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
      AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
      AND d.deptype OPERATOR(pg_catalog.=) 'e'
      AND e.extname OPERATOR(pg_catalog.=) 'customer_scoring'
      AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p']::"char"[])
      AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid OPERATOR(pg_catalog.=) c.oid
                    AND a.attname OPERATOR(pg_catalog.=) 'customer_id'
                    AND NOT a.attisdropped)
    ORDER BY c.relname;
END;
COMMENT ON FUNCTION @extschema@.customer_scoped_tables() IS
    'The tables of the extension that hold rows of a customer (those with a customer_id column, leads included), read from the catalog, with their primary-key columns; what gdpr_export and gdpr_erase cover besides customers';

-- ---------------------------------------------------------------------------
-- gdpr_export
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.gdpr_export(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t record;
    rows_json jsonb;
    tables jsonb;
    counts jsonb;
    total bigint;
    found_customer boolean;
BEGIN
    IF gdpr_export.customer_id IS NULL THEN
        RAISE EXCEPTION 'customer_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;

    SELECT COALESCE(jsonb_agg(to_jsonb(c)), '[]'::jsonb) INTO rows_json
    FROM @extschema@.customers c WHERE c.id = gdpr_export.customer_id;
    found_customer := jsonb_array_length(rows_json) > 0;
    tables := jsonb_build_object('customers', rows_json);
    counts := jsonb_build_object('customers', jsonb_array_length(rows_json));
    total := jsonb_array_length(rows_json);

    FOR t IN SELECT * FROM @extschema@.customer_scoped_tables() LOOP
        EXECUTE format('SELECT COALESCE(jsonb_agg(to_jsonb(x)%s), ''[]''::jsonb) FROM %s x'
                       ' WHERE x.customer_id = $1',
                       CASE WHEN t.primary_key IS NOT NULL
                            THEN ' ORDER BY ' || (SELECT string_agg(format('x.%I', k), ', ' ORDER BY i)
                                                  FROM unnest(t.primary_key) WITH ORDINALITY AS u(k, i))
                       END,
                       t.relation)
            INTO rows_json USING gdpr_export.customer_id;
        tables := tables || jsonb_build_object(t.table_name, rows_json);
        counts := counts || jsonb_build_object(t.table_name, jsonb_array_length(rows_json));
        total := total + jsonb_array_length(rows_json);
    END LOOP;

    IF NOT found_customer AND total = 0 THEN
        RAISE EXCEPTION 'customer % does not exist', gdpr_export.customer_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    RETURN jsonb_build_object(
        'customer_id', gdpr_export.customer_id,
        'exported_at', now(),
        'extension_version', (SELECT e.extversion FROM pg_extension e
                              WHERE e.extname = 'customer_scoring'),
        'row_counts', counts,
        'tables', tables,
        -- the same memberships as tables.customer_segment_members, with names
        'segments', COALESCE((
            SELECT jsonb_agg(jsonb_build_object('segment_id', s.id, 'name', s.name,
                                                'description', s.description,
                                                'source', m.source, 'added_at', m.added_at)
                             ORDER BY s.id)
            FROM @extschema@.customer_segment_members m
            JOIN @extschema@.customer_segments s ON s.id = m.segment_id
            WHERE m.customer_id = gdpr_export.customer_id), '[]'::jsonb),
        'loyalty_programs', COALESCE((
            SELECT jsonb_agg(jsonb_build_object('program_id', p.id, 'name', p.name) ORDER BY p.id)
            FROM @extschema@.loyalty_programs p
            WHERE EXISTS (SELECT 1 FROM @extschema@.customer_loyalty_points lp
                          WHERE lp.customer_id = gdpr_export.customer_id
                            AND lp.program_id = p.id)), '[]'::jsonb));
END
$$;
COMMENT ON FUNCTION @extschema@.gdpr_export(bigint) IS
    'GDPR data export (the right of access) of one customer, as one consistent snapshot: {customer_id, exported_at, extension_version, row_counts, tables: {customers: [row], <every table of customer_scoped_tables()>: [rows in primary-key order]}, segments, loyalty_programs}; leads linked by customer_id included; 22023 when nothing about the customer exists';

-- ---------------------------------------------------------------------------
-- gdpr_erase
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.gdpr_erase(customer_id bigint, mode text DEFAULT 'delete')
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m text := lower(btrim(gdpr_erase.mode));
    cid bigint := gdpr_erase.customer_id;
    t record;
    n bigint;
    total bigint := 0;
    counts jsonb;
    updated jsonb := '{}'::jsonb;
    deleted jsonb := '{}'::jsonb;
    found_customer boolean;
    segments bigint[];
BEGIN
    IF cid IS NULL THEN
        RAISE EXCEPTION 'customer_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF m IS NULL THEN
        RAISE EXCEPTION 'mode must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF m NOT IN ('delete', 'anonymize') THEN
        RAISE EXCEPTION 'unknown erase mode "%"', gdpr_erase.mode
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The mode is delete or anonymize.';
    END IF;

    -- The row lock keeps new rows of this customer out until we commit: every
    -- insert into a table with a foreign key to customers waits for it.
    PERFORM 1 FROM @extschema@.customers c WHERE c.id = cid FOR UPDATE;
    found_customer := FOUND;

    IF m = 'delete' THEN
        -- count first; the cascade does not say what it removed
        counts := jsonb_build_object('customers', CASE WHEN found_customer THEN 1 ELSE 0 END);
        total := CASE WHEN found_customer THEN 1 ELSE 0 END;
        FOR t IN SELECT * FROM @extschema@.customer_scoped_tables() LOOP
            EXECUTE format('SELECT count(*) FROM %s x WHERE x.customer_id = $1', t.relation)
                INTO n USING cid;
            counts := counts || jsonb_build_object(t.table_name, n);
            total := total + n;
        END LOOP;

        SELECT array_agg(sm.segment_id) INTO segments
        FROM @extschema@.customer_segment_members sm WHERE sm.customer_id = cid;

        -- ON DELETE CASCADE removes the rows of every customer-scoped table
        -- with a foreign key; then whatever has none (leads) goes too.
        DELETE FROM @extschema@.customers c WHERE c.id = cid;
        FOR t IN SELECT * FROM @extschema@.customer_scoped_tables() LOOP
            EXECUTE format('DELETE FROM %s x WHERE x.customer_id = $1', t.relation) USING cid;
        END LOOP;

        -- the segments the customer left count one member less
        UPDATE @extschema@.customer_segments s
        SET member_count = (SELECT count(*) FROM @extschema@.customer_segment_members sm
                            WHERE sm.segment_id = s.id)
        WHERE s.id = ANY (segments);

        -- nothing may be left behind
        FOR t IN SELECT * FROM @extschema@.customer_scoped_tables() LOOP
            EXECUTE format('SELECT count(*) FROM %s x WHERE x.customer_id = $1', t.relation)
                INTO n USING cid;
            IF n <> 0 THEN
                RAISE EXCEPTION 'gdpr_erase left % rows of customer % in %', n, cid, t.relation
                    USING ERRCODE = 'internal_error';
            END IF;
        END LOOP;

        RETURN jsonb_build_object('customer_id', cid, 'mode', 'delete', 'erased_at', now(),
                                  'deleted', counts, 'total_rows_deleted', total);
    END IF;

    -- anonymize: keep the rows that aggregates need, drop the personal data
    IF NOT found_customer THEN
        RAISE EXCEPTION 'customer % does not exist', cid USING ERRCODE = 'invalid_parameter_value';
    END IF;

    UPDATE @extschema@.customers c
    SET first_name = NULL, last_name = NULL, email = NULL, phone = NULL, company_name = NULL,
        district = NULL, gender = NULL, date_of_birth = NULL, marital_status = NULL,
        anniversary_date = NULL, profession = NULL, available_time = NULL,
        gdpr_consent = false, gdpr_consent_at = now(), do_not_contact = true, updated_at = now()
    WHERE c.id = cid;
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customers', n);

    DELETE FROM @extschema@.customer_addresses x WHERE x.customer_id = cid;
    GET DIAGNOSTICS n = ROW_COUNT;
    deleted := deleted || jsonb_build_object('customer_addresses', n);

    DELETE FROM @extschema@.customer_family_members x WHERE x.customer_id = cid;
    GET DIAGNOSTICS n = ROW_COUNT;
    deleted := deleted || jsonb_build_object('customer_family_members', n);

    UPDATE @extschema@.customer_notes x
    SET title = NULL, content = '[anonymized]', updated_at = now()
    WHERE x.customer_id = cid AND (x.title IS NOT NULL OR x.content <> '[anonymized]');
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customer_notes', n);

    UPDATE @extschema@.customer_communications x
    SET subject = NULL, message = NULL, metadata = NULL
    WHERE x.customer_id = cid
      AND (x.subject IS NOT NULL OR x.message IS NOT NULL OR x.metadata IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customer_communications', n);

    UPDATE @extschema@.customer_interactions x
    SET subject = NULL, description = NULL, notes = NULL, metadata = NULL
    WHERE x.customer_id = cid
      AND (x.subject IS NOT NULL OR x.description IS NOT NULL OR x.notes IS NOT NULL
           OR x.metadata IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customer_interactions', n);

    UPDATE @extschema@.customer_engagement_events x
    SET notes = NULL, metadata = NULL
    WHERE x.customer_id = cid AND (x.notes IS NOT NULL OR x.metadata IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customer_engagement_events', n);

    UPDATE @extschema@.customer_behavior x
    SET search_query = NULL, page_url = NULL, session_id = NULL, metadata = NULL
    WHERE x.customer_id = cid
      AND (x.search_query IS NOT NULL OR x.page_url IS NOT NULL OR x.session_id IS NOT NULL
           OR x.metadata IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customer_behavior', n);

    UPDATE @extschema@.customer_dropoff_tracking x
    SET session_id = NULL, notes = NULL
    WHERE x.customer_id = cid AND (x.session_id IS NOT NULL OR x.notes IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customer_dropoff_tracking', n);

    UPDATE @extschema@.customer_warmth x
    SET warmth_notes = NULL, manual_adjustments = '{}'::jsonb
    WHERE x.customer_id = cid
      AND (x.warmth_notes IS NOT NULL OR x.manual_adjustments <> '{}'::jsonb);
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customer_warmth', n);

    UPDATE @extschema@.customer_warmth_history x
    SET change_description = NULL
    WHERE x.customer_id = cid AND x.change_description IS NOT NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customer_warmth_history', n);

    UPDATE @extschema@.orders x
    SET notes = NULL, updated_at = now()
    WHERE x.customer_id = cid AND x.notes IS NOT NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('orders', n);

    UPDATE @extschema@.customer_loyalty_ledger x
    SET description = NULL
    WHERE x.customer_id = cid AND x.description IS NOT NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customer_loyalty_ledger', n);

    UPDATE @extschema@.customer_preferences x
    SET email_notifications = false, sms_notifications = false, whatsapp_notifications = false,
        push_notifications = false, marketing_email_opt_in = false, marketing_sms_opt_in = false,
        marketing_whatsapp_opt_in = false, marketing_push_opt_in = false,
        newsletter_subscribed = false, subscriptions = '{}', preferred_contact_method = NULL,
        preferred_contact_time = NULL, preferred_language = NULL, timezone = NULL,
        gdpr_consent = false, gdpr_consent_at = now(), do_not_contact = true,
        other_preferences = '{}'::jsonb, updated_at = now()
    WHERE x.customer_id = cid;
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('customer_preferences', n);

    -- leads have no foreign key to customers; their contact data goes too
    -- (their lead_score is recomputed by the leads trigger)
    UPDATE @extschema@.leads x
    SET name = NULL, phone = NULL, email = NULL, voice_transcript = NULL, notes = NULL,
        updated_at = now()
    WHERE x.customer_id = cid
      AND (x.name IS NOT NULL OR x.phone IS NOT NULL OR x.email IS NOT NULL
           OR x.voice_transcript IS NOT NULL OR x.notes IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    updated := updated || jsonb_build_object('leads', n);

    RETURN jsonb_build_object('customer_id', cid, 'mode', 'anonymize', 'erased_at', now(),
                              'updated', updated, 'deleted', deleted);
END
$$;
COMMENT ON FUNCTION @extschema@.gdpr_erase(bigint, text) IS
    'GDPR right to be forgotten for one customer.  mode delete: removes the customer and every row of it in every table of customer_scoped_tables() (cascades, and leads without a foreign key), counted beforehand, and recounts the member_count of the segments it was in; returns {deleted: {table: rows}, total_rows_deleted}; repeating it is harmless.  mode anonymize: keeps orders, items, scores, history, tags, segments and loyalty balances for aggregates, but nulls names, email, phone, company, district (city is kept), gender, birth and anniversary dates, profession and contact times, deletes addresses and family members, blanks notes, communication texts, interaction/event/behaviour/drop-off free text, order notes, ledger descriptions and linked leads'' contact data, withdraws consent and opt-ins and sets do_not_contact; returns {updated: {table: rows}, deleted: {table: rows}}.  Other modes: 22023';
