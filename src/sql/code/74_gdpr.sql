-- src/sql/code/74_gdpr.sql — GDPR: export everything about one customer, erase it
-- (right to be forgotten) or anonymize it (the customer-management CRM's
-- "GDPR Compliance": data export, right to be forgotten, do-not-contact).
--
-- Which tables hold a customer's rows is read from the catalog at run time:
-- every table of this extension with a customer_id column (plus customers
-- itself), so a table added by a later version is exported and erased without
-- touching these functions.  Which columns hold personal data is a list,
-- customer_data_columns(), that the README shows as a table and a catalog
-- test keeps complete.  Table and column names in the dynamic SQL come from
-- the catalog (quoted by format's %I or as regclass); the customer id and the
-- contact data are always parameters.
--
-- Leads are found by customer_id and also, when they carry no customer_id,
-- by the customer's email or phone: a prospect recorded before it became a
-- customer is the same person.  Segments are shared, but their name,
-- description or criteria may quote the customer's email or phone: erasing
-- redacts those quotes.

-- ---------------------------------------------------------------------------
-- customer_scoped_tables, customer_data_columns
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.customer_scoped_tables()
RETURNS TABLE (table_name text, relation regclass, primary_key text[])
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT c.relname::text, c.oid::regclass,
           (SELECT array_agg(pa.attname::text ORDER BY k.ord)
            FROM pg_index i
            CROSS JOIN LATERAL unnest(i.indkey::smallint[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute pa ON pa.attrelid = i.indrelid AND pa.attnum = k.attnum
            WHERE i.indrelid = c.oid AND i.indisprimary)
    FROM @extschema@.extension_relations() AS x
    JOIN pg_class c ON c.oid = x.relation
    WHERE x.relkind IN ('r', 'p')
      AND EXISTS (SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attname = 'customer_id' AND NOT a.attisdropped)
    ORDER BY c.relname;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_scoped_tables() IS
    'The tables of the extension that hold rows of a customer (those with a customer_id column, leads included), read from the catalog, with their primary-key columns; what gdpr_export and gdpr_erase cover besides customers';

-- Every text, JSON and array column of the customer's rows, and what
-- gdpr_erase(..., 'anonymize') does with it.  'cleared': set to NULL, or to
-- '[anonymized]', '{}' or an empty array where the column is NOT NULL;
-- 'row deleted': the table's rows of the customer go; 'kept': derived by
-- the extension from its own rules, or limited by a CHECK constraint to a
-- fixed list of values, so never personal.  Columns an application adds are
-- its own (see the README).
CREATE FUNCTION @extschema@.customer_data_columns()
RETURNS TABLE (table_name text, column_name text, treatment text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT v.t, v.c, v.how FROM (VALUES
        ('customers', 'first_name', 'cleared'), ('customers', 'last_name', 'cleared'),
        ('customers', 'email', 'cleared'), ('customers', 'phone', 'cleared'),
        ('customers', 'company_name', 'cleared'), ('customers', 'district', 'cleared'),
        ('customers', 'city', 'cleared'), ('customers', 'gender', 'cleared'),
        ('customers', 'marital_status', 'cleared'), ('customers', 'profession', 'cleared'),
        ('customers', 'available_time', 'cleared'), ('customers', 'source', 'cleared'),
        ('customers', 'name', 'cleared'),   -- generated from first and last name
        ('customers', 'status', 'kept'), ('customers', 'account_type', 'kept'),
        ('orders', 'order_number', 'cleared'), ('orders', 'channel', 'cleared'),
        ('orders', 'notes', 'cleared'), ('orders', 'status', 'kept'),
        ('order_items', 'product_id', 'cleared'),
        ('customer_warmth', 'warmth_notes', 'cleared'), ('customer_warmth', 'manual_adjustments', 'cleared'),
        ('customer_warmth', 'preferred_features', 'cleared'),
        ('customer_warmth', 'interested_vehicle_types', 'cleared'),
        ('customer_warmth', 'calculated_by', 'cleared'),
        ('customer_warmth', 'algorithm_version', 'kept'),
        ('customer_warmth', 'scoring_algorithm_used', 'kept'),
        ('customer_warmth_history', 'change_trigger', 'cleared'),
        ('customer_warmth_history', 'change_description', 'cleared'),
        ('customer_warmth_history', 'algorithm_version', 'kept'),
        ('customer_engagement_events', 'channel', 'cleared'),
        ('customer_engagement_events', 'notes', 'cleared'),
        ('customer_engagement_events', 'metadata', 'cleared'),
        ('leads', 'name', 'cleared'), ('leads', 'email', 'cleared'), ('leads', 'phone', 'cleared'),
        ('leads', 'location', 'cleared'), ('leads', 'assigned_to', 'cleared'),
        ('leads', 'source', 'cleared'), ('leads', 'notes', 'cleared'),
        ('leads', 'voice_transcript', 'cleared'), ('leads', 'payment_method', 'cleared'),
        ('leads', 'property_type', 'cleared'), ('leads', 'transaction_type', 'cleared'),
        ('leads', 'status', 'cleared'),
        ('customer_family_members', '*', 'row deleted'),
        ('customer_addresses', '*', 'row deleted'),
        ('customer_tags', '*', 'row deleted'),
        ('customer_interactions', 'subject', 'cleared'),
        ('customer_interactions', 'description', 'cleared'),
        ('customer_interactions', 'notes', 'cleared'), ('customer_interactions', 'outcome', 'cleared'),
        ('customer_interactions', 'handled_by', 'cleared'), ('customer_interactions', 'channel', 'cleared'),
        ('customer_interactions', 'metadata', 'cleared'),
        ('customer_interactions', 'interaction_type', 'kept'),
        ('customer_interactions', 'interaction_direction', 'kept'),
        ('customer_behavior', 'search_query', 'cleared'), ('customer_behavior', 'page_url', 'cleared'),
        ('customer_behavior', 'session_id', 'cleared'), ('customer_behavior', 'product_id', 'cleared'),
        ('customer_behavior', 'product_name', 'cleared'), ('customer_behavior', 'category', 'cleared'),
        ('customer_behavior', 'category_id', 'cleared'), ('customer_behavior', 'device_type', 'cleared'),
        ('customer_behavior', 'metadata', 'cleared'), ('customer_behavior', 'behavior_type', 'kept'),
        ('customer_dropoff_tracking', 'session_id', 'cleared'),
        ('customer_dropoff_tracking', 'notes', 'cleared'),
        ('customer_dropoff_tracking', 'reason', 'cleared'),
        ('customer_dropoff_tracking', 'product_id', 'cleared'),
        ('customer_dropoff_tracking', 'product_ids', 'cleared'),
        ('customer_dropoff_tracking', 'recovery_channel', 'cleared'),
        ('customer_dropoff_tracking', 'stage', 'kept'),
        ('customer_notes', 'title', 'cleared'), ('customer_notes', 'content', 'cleared'),
        ('customer_notes', 'created_by', 'cleared'),
        ('customer_notes', 'note_type', 'kept'), ('customer_notes', 'priority', 'kept'),
        ('customer_communications', 'subject', 'cleared'),
        ('customer_communications', 'message', 'cleared'),
        ('customer_communications', 'metadata', 'cleared'),
        ('customer_communications', 'campaign', 'cleared'),
        ('customer_communications', 'created_by', 'cleared'),
        ('customer_communications', 'communication_type', 'cleared'),
        ('customer_communications', 'channel', 'kept'),
        ('customer_communications', 'direction', 'kept'),
        ('customer_communications', 'status', 'kept'),
        ('customer_preferences', 'preferred_contact_time', 'cleared'),
        ('customer_preferences', 'preferred_language', 'cleared'),
        ('customer_preferences', 'timezone', 'cleared'),
        ('customer_preferences', 'subscriptions', 'cleared'),
        ('customer_preferences', 'other_preferences', 'cleared'),
        ('customer_preferences', 'preferred_contact_method', 'cleared'),
        ('customer_loyalty_ledger', 'description', 'cleared'),
        ('customer_loyalty_ledger', 'created_by', 'cleared'),
        ('customer_loyalty_ledger', 'entry_type', 'kept'),
        ('customer_loyalty_points', 'tier', 'kept'),
        ('customer_analytics', 'favorite_products', 'cleared'),
        ('customer_analytics', 'preferred_categories', 'cleared'),
        ('customer_health_score_history', 'change_trigger', 'cleared'),
        ('customer_health_scores', 'missing_fields', 'kept'),
        ('customer_rfm_scores', 'rfm_cell', 'kept'),
        ('customer_segment_members', 'source', 'kept'),
        ('customer_alerts', 'details', 'cleared'), ('customer_alerts', 'acknowledged_by', 'cleared'),
        ('customer_alerts', 'kind', 'kept'), ('customer_alerts', 'severity', 'kept')
    ) AS v(t, c, how);
END
$$;
COMMENT ON FUNCTION @extschema@.customer_data_columns() IS
    'Every text, JSON and array column of a customer''s rows and what gdpr_erase(..., ''anonymize'') does with it: cleared, row deleted (*), or kept (derived by the extension, or a fixed list of values); the README''s personal-data table';

-- The leads of a customer: linked by customer_id, or unlinked with the
-- customer's email or phone.
CREATE FUNCTION @extschema@.customer_lead_ids(customer_id bigint, email text, phone text)
RETURNS bigint[]
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN ARRAY(SELECT l.id FROM @extschema@.leads l
                 WHERE l.customer_id = customer_lead_ids.customer_id
                   -- linked to a customer the caller can see
                   AND EXISTS (SELECT 1 FROM @extschema@.customers c
                               WHERE c.id = customer_lead_ids.customer_id)
                 UNION
                 SELECT l.id FROM @extschema@.leads l
                 WHERE l.customer_id IS NULL AND l.email = customer_lead_ids.email
                 UNION
                 SELECT l.id FROM @extschema@.leads l
                 WHERE l.customer_id IS NULL AND l.phone = customer_lead_ids.phone
                 ORDER BY 1);
END
$$;
COMMENT ON FUNCTION @extschema@.customer_lead_ids(bigint, text, text) IS
    'Ids of the leads of a customer: those linked by customer_id and the unlinked ones with the customer''s email or phone';

-- Replaces, in the name, description and criteria of every segment, the
-- customer's email and phone (of at least 5 characters, so that a short
-- value cannot blank unrelated text) with [redacted]; returns the segments
-- changed.  Run with the owner's rights by gdpr_erase.
CREATE FUNCTION @extschema@.redact_segments(email text, phone text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    quote text;
    quoted_json text;
    seg record;
    changed bigint := 0;
BEGIN
    FOREACH quote IN ARRAY ARRAY[email, phone] LOOP
        CONTINUE WHEN quote IS NULL OR length(quote) < 5;
        -- inside the criteria the value is JSON-escaped
        quoted_json := substr(to_jsonb(quote)::text, 2, length(to_jsonb(quote)::text) - 2);
        FOR seg IN
            SELECT s.id FROM @extschema@.customer_segments s
            WHERE strpos(s.name, quote) > 0 OR strpos(coalesce(s.description, ''), quote) > 0
               OR strpos(s.criteria::text, quoted_json) > 0
            ORDER BY s.id
        LOOP
            -- names are unique: a redacted name that another segment has
            -- gets the segment's id
            UPDATE @extschema@.customer_segments s
            SET name = CASE WHEN EXISTS (SELECT 1 FROM @extschema@.customer_segments o
                                         WHERE o.name = replace(s.name, quote, '[redacted]')
                                           AND o.id <> s.id)
                            THEN replace(s.name, quote, '[redacted]') || ' #' || s.id
                            ELSE replace(s.name, quote, '[redacted]') END,
                description = replace(s.description, quote, '[redacted]'),
                criteria = replace(s.criteria::text, quoted_json, '[redacted]')::jsonb
            WHERE s.id = seg.id;
            changed := changed + 1;
        END LOOP;
    END LOOP;
    RETURN changed;
END
$$;
COMMENT ON FUNCTION @extschema@.redact_segments(text, text) IS
    'Replaces a customer''s email and phone (5 characters or more) in the name, description and criteria of every segment with [redacted]; returns the segments changed (part of gdpr_erase)';

-- ---------------------------------------------------------------------------
-- gdpr_export
-- ---------------------------------------------------------------------------

-- Runs with the caller's rights: row-level security applies, and a customer
-- the caller cannot see is unknown.
CREATE FUNCTION @extschema@.gdpr_export(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t record;
    customer jsonb;
    rows_json jsonb;
    tables jsonb;
    counts jsonb;
    lead_ids bigint[];
BEGIN
    IF gdpr_export.customer_id IS NULL THEN
        RAISE EXCEPTION 'customer_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;

    SELECT to_jsonb(c) INTO customer FROM @extschema@.customers c WHERE c.id = gdpr_export.customer_id;
    IF customer IS NULL THEN
        RAISE EXCEPTION 'customer % does not exist', gdpr_export.customer_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    tables := jsonb_build_object('customers', jsonb_build_array(customer));
    counts := jsonb_build_object('customers', 1);
    lead_ids := @extschema@.customer_lead_ids(gdpr_export.customer_id, customer ->> 'email',
                                              customer ->> 'phone');

    FOR t IN SELECT * FROM @extschema@.customer_scoped_tables() LOOP
        EXECUTE format('SELECT COALESCE(jsonb_agg(to_jsonb(x)%s), ''[]''::jsonb) FROM %s x WHERE %s',
                       CASE WHEN t.primary_key IS NOT NULL
                            THEN ' ORDER BY ' || (SELECT string_agg(format('x.%I', k), ', ' ORDER BY i)
                                                  FROM unnest(t.primary_key) WITH ORDINALITY AS u(k, i))
                       END,
                       t.relation,
                       -- leads: also the unlinked ones with the customer's email or phone
                       CASE WHEN t.table_name = 'leads' THEN 'x.id = ANY ($2)' ELSE 'x.customer_id = $1' END)
            INTO rows_json USING gdpr_export.customer_id, lead_ids;
        tables := tables || jsonb_build_object(t.table_name, rows_json);
        counts := counts || jsonb_build_object(t.table_name, jsonb_array_length(rows_json));
    END LOOP;

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
    'GDPR data export (the right of access) of one customer, as one consistent snapshot: {customer_id, exported_at, extension_version, row_counts, tables: {customers: [row], <every table of customer_scoped_tables()>: [rows in primary-key order]}, segments, loyalty_programs}; leads linked by customer_id and unlinked leads with the customer''s email or phone included; 22023 for a customer that does not exist or that the caller cannot see';

-- ---------------------------------------------------------------------------
-- gdpr_erase
-- ---------------------------------------------------------------------------

-- anonymize: every 'cleared' column of customer_data_columns() in one table,
-- for the rows of the customer (leads: of lead_ids); returns the rows changed.
-- With the owner's rights, like gdpr_erase, and so checking visibility too.
CREATE FUNCTION @extschema@.gdpr_anonymize_table(table_name text, customer_id bigint, lead_ids bigint[])
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    schema oid := (SELECT e.extnamespace FROM pg_extension e WHERE e.extname = 'customer_scoring');
    assignments text;
    n bigint;
BEGIN
    IF NOT @extschema@.customer_visible(gdpr_anonymize_table.customer_id) THEN
        RETURN 0;
    END IF;
    SELECT string_agg(format('%I = %s', a.attname,
                             CASE WHEN NOT a.attnotnull THEN 'NULL'
                                  WHEN a.atttypid IN ('jsonb'::regtype, 'json'::regtype) THEN '''{}'''
                                  WHEN t.typcategory = 'A' THEN '''{}'''
                                  ELSE '''[anonymized]''' END),
                      ', ' ORDER BY a.attnum)
    INTO assignments
    FROM @extschema@.customer_data_columns() d
    JOIN pg_class c ON c.relname = d.table_name AND c.relnamespace = schema
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = d.column_name
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE d.table_name = gdpr_anonymize_table.table_name AND d.treatment = 'cleared'
      AND a.attgenerated = '';
    IF assignments IS NULL THEN
        RETURN 0;
    END IF;
    EXECUTE format('UPDATE %I.%I x SET %s WHERE %s',
                   (SELECT n.nspname FROM pg_namespace n WHERE n.oid = schema),
                   gdpr_anonymize_table.table_name, assignments,
                   CASE gdpr_anonymize_table.table_name
                        WHEN 'leads' THEN 'x.id = ANY ($2)'
                        WHEN 'customers' THEN 'x.id = $1'
                        ELSE 'x.customer_id = $1' END)
        USING gdpr_anonymize_table.customer_id, lead_ids;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.gdpr_anonymize_table(text, bigint, bigint[]) IS
    'Part of gdpr_erase(..., ''anonymize''): clears the personal columns of customer_data_columns() in one table for one customer (leads: the given lead ids); returns the rows changed';

CREATE FUNCTION @extschema@.gdpr_erase(customer_id bigint, mode text DEFAULT 'delete')
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET customer_scoring.change_trigger = 'gdpr_erase'
AS $$
DECLARE
    m text := lower(btrim(gdpr_erase.mode));
    cid bigint := gdpr_erase.customer_id;
    stamp timestamptz := now();
    t record;
    n bigint;
    total bigint := 0;
    counts jsonb;
    changed jsonb := '{}'::jsonb;
    segments bigint[];
    segment bigint;
    visible boolean;
    email text;
    phone text;
    lead_ids bigint[];
    redacted bigint;
BEGIN
    PERFORM @extschema@.tag_changes('gdpr_erase');     -- reaches Citus workers too
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

    -- A customer the caller cannot see is unknown: no effect.  The row lock
    -- keeps new rows of this customer out until we commit: every insert into
    -- a table with a foreign key to customers waits for it.
    visible := @extschema@.customer_visible(cid);
    IF visible THEN
        SELECT c.email, c.phone INTO email, phone FROM @extschema@.customers c WHERE c.id = cid FOR UPDATE;
        visible := FOUND;
    END IF;
    IF NOT visible THEN
        IF m = 'anonymize' THEN
            RAISE EXCEPTION 'customer % does not exist', cid USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN jsonb_build_object('customer_id', cid, 'mode', 'delete', 'erased_at', stamp,
                                  'deleted', '{}'::jsonb, 'total_rows_deleted', 0);
    END IF;
    lead_ids := @extschema@.customer_lead_ids(cid, email, phone);
    redacted := @extschema@.redact_segments(email, phone);

    IF m = 'delete' THEN
        -- count first; the cascade does not say what it removed
        counts := jsonb_build_object('customers', 1);
        total := 1;
        FOR t IN SELECT * FROM @extschema@.customer_scoped_tables() LOOP
            IF t.table_name = 'leads' THEN
                n := coalesce(array_length(lead_ids, 1), 0);
            ELSE
                EXECUTE format('SELECT count(*) FROM %s x WHERE x.customer_id = $1', t.relation)
                    INTO n USING cid;
            END IF;
            counts := counts || jsonb_build_object(t.table_name, n);
            total := total + n;
        END LOOP;

        SELECT array_agg(sm.segment_id ORDER BY sm.segment_id) INTO segments
        FROM @extschema@.customer_segment_members sm WHERE sm.customer_id = cid;

        -- ON DELETE CASCADE removes the rows of every customer-scoped table
        -- with a foreign key; then whatever has none (leads) goes too.
        DELETE FROM @extschema@.customers c WHERE c.id = cid;
        FOR t IN SELECT * FROM @extschema@.customer_scoped_tables() LOOP
            EXECUTE format('DELETE FROM %s x WHERE x.customer_id = $1', t.relation) USING cid;
        END LOOP;
        DELETE FROM @extschema@.leads l WHERE l.id = ANY (lead_ids);

        -- the segments the customer left count one member less (counted
        -- first, then written as values: Citus updates a shared table so)
        FOREACH segment IN ARRAY coalesce(segments, '{}') LOOP
            SELECT count(*) INTO n FROM @extschema@.customer_segment_members sm
            WHERE sm.segment_id = segment;
            UPDATE @extschema@.customer_segments s SET member_count = n WHERE s.id = segment;
        END LOOP;

        -- nothing may be left behind
        FOR t IN SELECT * FROM @extschema@.customer_scoped_tables() LOOP
            EXECUTE format('SELECT count(*) FROM %s x WHERE x.customer_id = $1', t.relation)
                INTO n USING cid;
            IF n <> 0 THEN
                RAISE EXCEPTION 'gdpr_erase left % rows of customer % in %', n, cid, t.relation
                    USING ERRCODE = 'internal_error';
            END IF;
        END LOOP;

        RETURN jsonb_build_object('customer_id', cid, 'mode', 'delete', 'erased_at', stamp,
                                  'deleted', counts, 'total_rows_deleted', total,
                                  'segments_redacted', redacted);
    END IF;

    -- anonymize: keep the rows that aggregates need, drop the personal data
    UPDATE @extschema@.customers c
    SET gdpr_consent = false, gdpr_consent_at = stamp, do_not_contact = true, updated_at = stamp,
        date_of_birth = NULL, anniversary_date = NULL
    WHERE c.id = cid;
    UPDATE @extschema@.customer_preferences x
    SET email_notifications = false, sms_notifications = false, whatsapp_notifications = false,
        push_notifications = false, marketing_email_opt_in = false, marketing_sms_opt_in = false,
        marketing_whatsapp_opt_in = false, marketing_push_opt_in = false,
        newsletter_subscribed = false, gdpr_consent = false, gdpr_consent_at = stamp,
        do_not_contact = true, updated_at = stamp
    WHERE x.customer_id = cid;

    counts := '{}'::jsonb;
    FOR t IN SELECT DISTINCT d.table_name FROM @extschema@.customer_data_columns() d
             WHERE d.treatment = 'row deleted' ORDER BY 1 LOOP
        EXECUTE format('DELETE FROM %s x WHERE x.customer_id = $1',
                       (SELECT s.relation FROM @extschema@.customer_scoped_tables() s
                        WHERE s.table_name = t.table_name))
            USING cid;
        GET DIAGNOSTICS n = ROW_COUNT;
        counts := counts || jsonb_build_object(t.table_name, n);
    END LOOP;
    FOR t IN SELECT DISTINCT d.table_name FROM @extschema@.customer_data_columns() d
             WHERE d.treatment = 'cleared' ORDER BY 1 LOOP
        changed := changed || jsonb_build_object(
            t.table_name, @extschema@.gdpr_anonymize_table(t.table_name, cid, lead_ids));
    END LOOP;

    RETURN jsonb_build_object('customer_id', cid, 'mode', 'anonymize', 'erased_at', stamp,
                              'updated', changed, 'deleted', counts, 'segments_redacted', redacted);
END
$$;
COMMENT ON FUNCTION @extschema@.gdpr_erase(bigint, text) IS
    'GDPR right to be forgotten for one customer, with the extension owner''s rights (administrator tier); a customer the caller cannot see is unknown.  Both modes redact the customer''s email and phone quoted in segment names, descriptions and criteria.  mode delete: removes the customer, every row of it in every table of customer_scoped_tables(), and the unlinked leads with its email or phone, counted beforehand, and recounts the member_count of the segments it was in; returns {deleted: {table: rows}, total_rows_deleted, segments_redacted}; an unknown customer deletes nothing.  mode anonymize: keeps the rows that aggregates need, clears every personal column that customer_data_columns() lists (the README''s table), deletes addresses, family members and tags, withdraws consent and opt-ins and sets do_not_contact; returns {updated: {table: rows}, deleted: {table: rows}, segments_redacted}; an unknown customer is 22023';
