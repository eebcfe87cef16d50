-- src/sql/code/76_api_crm.sql — the customer-management CRM endpoints
-- (originals/004, /api/customers/...): RFM, profiles, communications, notes,
-- tags, addresses and preferences, as functions returning jsonb.
-- Conventions: see 70_api_common.sql.

-- ===========================================================================
-- RFM (/api/customers/rfm)
-- ===========================================================================

CREATE FUNCTION @extschema@.customer_rfm(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    -- joined with customers, so a hidden customer has no row
    SELECT to_jsonb(r) INTO result
    FROM @extschema@.customer_rfm_scores AS r
    JOIN @extschema@.customers AS c ON c.id = r.customer_id
    WHERE r.customer_id = customer_rfm.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_rfm(bigint) IS
    'GET /api/customers/rfm?customerId= — the customer''s customer_rfm_scores row (scores, cell, segment, churn risk) as of the last refresh_rfm_scores(); NULL when it has none (no completed order, or not refreshed yet)';

CREATE FUNCTION @extschema@.rfm_distribution()
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    total bigint;
    counts jsonb;
    segments jsonb;
BEGIN
    SELECT count(*) INTO total
    FROM @extschema@.customer_rfm_scores AS r
    JOIN @extschema@.customers AS c ON c.id = r.customer_id;
    -- the view joins customers too
    SELECT jsonb_object_agg(d.segment, d.customers) FILTER (WHERE d.segment IS NOT NULL),
           COALESCE(jsonb_agg(to_jsonb(d) - 'bar' ORDER BY d.segment DESC NULLS LAST), '[]'::jsonb)
    INTO counts, segments
    FROM @extschema@.rfm_segment_distribution AS d;
    RETURN jsonb_build_object(
        'total', total,
        'distribution', @extschema@.api_label_counts(enum_range(NULL::@extschema@.rfm_segment), counts),
        'segments', segments);
END
$$;
COMMENT ON FUNCTION @extschema@.rfm_distribution() IS
    'The "distribution" of GET /api/customers/rfm: customers per RFM segment (every segment, 0 included) and the rfm_segment_distribution rows, best segment first; only the customers the caller sees';

CREATE FUNCTION @extschema@.rfm_scores(
    segment @extschema@.rfm_segment DEFAULT NULL, "limit" integer DEFAULT 100, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    page_limit integer := @extschema@.api_non_negative(rfm_scores."limit", 'limit');
    page_offset integer := @extschema@.api_non_negative(rfm_scores."offset", 'offset');
    scores jsonb;
    total bigint;
    distribution jsonb;
BEGIN
    SELECT COALESCE(jsonb_agg(to_jsonb(s) ORDER BY s.segment DESC, s.rfm_total DESC, s.customer_id),
                    '[]'::jsonb)
    INTO scores
    FROM (SELECT r.*
          FROM @extschema@.customer_rfm_scores AS r
          JOIN @extschema@.customers AS c ON c.id = r.customer_id
          WHERE rfm_scores.segment IS NULL OR r.segment = rfm_scores.segment
          ORDER BY r.segment DESC, r.rfm_total DESC, r.customer_id
          LIMIT page_limit OFFSET page_offset) AS s;
    SELECT count(*) INTO total
    FROM @extschema@.customer_rfm_scores AS r
    JOIN @extschema@.customers AS c ON c.id = r.customer_id
    WHERE rfm_scores.segment IS NULL OR r.segment = rfm_scores.segment;
    distribution := @extschema@.rfm_distribution() -> 'distribution';
    RETURN jsonb_build_object('scores', scores, 'distribution', distribution, 'total', total,
                              'limit', rfm_scores."limit", 'offset', rfm_scores."offset");
END
$$;
COMMENT ON FUNCTION @extschema@.rfm_scores(@extschema@.rfm_segment, integer, integer) IS
    'GET /api/customers/rfm?segment= — {"scores": [...], "distribution": {...}, "total", "limit", "offset"}: RFM rows of a segment (NULL = all), best first; only the customers the caller sees';

-- ===========================================================================
-- profiles
-- ===========================================================================

CREATE FUNCTION @extschema@.customer_profile(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    SELECT to_jsonb(c) INTO result
    FROM @extschema@.customers AS c
    WHERE c.id = customer_profile.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_profile(bigint) IS
    'GET /api/customers/profiles?customerId= — the customers row; NULL for an unknown customer';

CREATE FUNCTION @extschema@.customer_profiles(
    status text DEFAULT NULL, "limit" integer DEFAULT 50, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    page_limit integer := @extschema@.api_non_negative(customer_profiles."limit", 'limit');
    page_offset integer := @extschema@.api_non_negative(customer_profiles."offset", 'offset');
    data jsonb;
    total bigint;
BEGIN
    SELECT COALESCE(jsonb_agg(to_jsonb(p) ORDER BY p.id), '[]'::jsonb) INTO data
    FROM (SELECT c.*
          FROM @extschema@.customers AS c
          WHERE customer_profiles.status IS NULL OR c.status = customer_profiles.status
          ORDER BY c.id
          LIMIT page_limit OFFSET page_offset) AS p;
    SELECT count(*) INTO total
    FROM @extschema@.customers AS c
    WHERE customer_profiles.status IS NULL OR c.status = customer_profiles.status;
    RETURN jsonb_build_object('data', data, 'total', total,
                              'limit', customer_profiles."limit", 'offset', customer_profiles."offset");
END
$$;
COMMENT ON FUNCTION @extschema@.customer_profiles(text, integer, integer) IS
    'GET /api/customers/profiles?status=&limit=&offset= — {"data": [customers rows by id], "total", "limit", "offset"}';

CREATE FUNCTION @extschema@.create_customer(profile jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    body jsonb := @extschema@.api_json_object(create_customer.profile, 'profile');
    -- kept by the triggers, and the CRM's customerType is our account_type
    r @extschema@.customers := jsonb_populate_record(
        NULL::@extschema@.customers,
        body - ARRAY['id', 'customer_type', 'lifecycle_stage', 'total_orders', 'lifetime_value',
                     'first_order_at', 'last_order_at']);
    written record;
BEGIN
    r.account_type := COALESCE(r.account_type, body ->> 'customerType');
    r.gdpr_consent_at := COALESCE(r.gdpr_consent_at, CASE WHEN r.gdpr_consent THEN now() END);
    INSERT INTO @extschema@.customers
        (first_name, last_name, email, phone, company_name, district, city, gender, date_of_birth,
         marital_status, anniversary_date, profession, available_time, status, source, account_type,
         gdpr_consent, gdpr_consent_at, do_not_contact)
    VALUES (r.first_name, r.last_name, r.email, r.phone, r.company_name, r.district, r.city, r.gender,
            r.date_of_birth, r.marital_status, r.anniversary_date, r.profession, r.available_time,
            COALESCE(r.status, 'active'), r.source, r.account_type, COALESCE(r.gdpr_consent, false),
            r.gdpr_consent_at, COALESCE(r.do_not_contact, false))
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.create_customer(jsonb) IS
    'POST /api/customers/profiles — creates a customer from {"firstName", "lastName", "email", "phone", "companyName", "customerType" (retail, wholesale, distributor: stored as account_type), "source", ...} and returns the row';

CREATE FUNCTION @extschema@.update_customer(customer_id bigint, changes jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- checked before any row is read, so a bad body fails even when no row matches
    body jsonb := @extschema@.api_json_object(update_customer.changes, 'changes');
    stamp timestamptz := now();
    prior @extschema@.customers;
    r @extschema@.customers;
    written record;
BEGIN
    SELECT * INTO prior FROM @extschema@.customers AS c WHERE c.id = update_customer.customer_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    -- customer_type is the CRM's name of account_type here, not our enum
    r := jsonb_populate_record(prior, body - ARRAY['customer_type', 'lifecycle_stage']);
    IF NOT body ? 'account_type' AND body ? 'customerType' THEN
        r.account_type := body ->> 'customerType';
    END IF;
    IF NOT body ? 'gdpr_consent_at' AND r.gdpr_consent IS DISTINCT FROM prior.gdpr_consent THEN
        r.gdpr_consent_at := stamp;
    END IF;
    UPDATE @extschema@.customers AS c
    SET (first_name, last_name, email, phone, company_name, district, city, gender, date_of_birth,
         marital_status, anniversary_date, profession, available_time, status, source, account_type,
         gdpr_consent, gdpr_consent_at, do_not_contact, updated_at) =
        (r.first_name, r.last_name, r.email, r.phone, r.company_name, r.district, r.city,
         r.gender, r.date_of_birth, r.marital_status, r.anniversary_date, r.profession,
         r.available_time, r.status, r.source, r.account_type, r.gdpr_consent, r.gdpr_consent_at,
         r.do_not_contact, stamp)
    WHERE c.id = update_customer.customer_id
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.update_customer(bigint, jsonb) IS
    'PUT /api/customers/profiles — changes the profile fields given (others stay; customer_type, lifecycle_stage and the order totals are kept by the triggers) and returns the row; NULL for an unknown customer';

-- ===========================================================================
-- communications
-- ===========================================================================

CREATE FUNCTION @extschema@.log_communication(customer_id bigint, communication jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    body jsonb := @extschema@.api_json_object(log_communication.communication, 'communication');
    r @extschema@.customer_communications :=
        jsonb_populate_record(NULL::@extschema@.customer_communications, body);
    written record;
BEGIN
    PERFORM @extschema@.api_require_customer(log_communication.customer_id);
    r.status := COALESCE(r.status, 'pending');
    IF r.sent_at IS NULL AND r.status NOT IN ('pending', 'failed') THEN
        r.sent_at := now();
    END IF;
    INSERT INTO @extschema@.customer_communications
        (customer_id, communication_type, channel, direction, subject, message, status, campaign,
         sent_at, delivered_at, opened_at, clicked_at, replied_at, metadata, created_by)
    VALUES (log_communication.customer_id, r.communication_type,
            COALESCE(r.channel, r.communication_type), COALESCE(r.direction, 'outbound'), r.subject,
            r.message, r.status, r.campaign, r.sent_at, r.delivered_at, r.opened_at, r.clicked_at,
            r.replied_at, r.metadata, COALESCE(r.created_by, body ->> 'user_id'))
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.log_communication(bigint, jsonb) IS
    'POST /api/customers/communications — logs a message ({"communicationType", "channel" (defaults to communicationType), "direction", "subject", "message", "status", "userId" as created_by}; sent_at defaults to now once sent) and returns the row; 23503 for an unknown customer';

CREATE FUNCTION @extschema@.customer_communications_list(
    customer_id bigint, channel text DEFAULT NULL, status text DEFAULT NULL,
    "limit" integer DEFAULT 50, "offset" integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    page_limit integer := @extschema@.api_non_negative(customer_communications_list."limit", 'limit');
    page_offset integer := @extschema@.api_non_negative(customer_communications_list."offset", 'offset');
    data jsonb;
    total bigint;
BEGIN
    IF NOT @extschema@.api_customer_exists(customer_communications_list.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(x) ORDER BY x.sent_at DESC NULLS FIRST, x.id DESC), '[]'::jsonb)
    INTO data
    FROM (SELECT m.*
          FROM @extschema@.customer_communications AS m
          WHERE m.customer_id = customer_communications_list.customer_id
            AND (customer_communications_list.channel IS NULL
                 OR m.channel = customer_communications_list.channel)
            AND (customer_communications_list.status IS NULL
                 OR m.status = customer_communications_list.status)
          ORDER BY m.sent_at DESC NULLS FIRST, m.id DESC
          LIMIT page_limit OFFSET page_offset) AS x;
    SELECT count(*) INTO total
    FROM @extschema@.customer_communications AS m
    WHERE m.customer_id = customer_communications_list.customer_id
      AND (customer_communications_list.channel IS NULL
           OR m.channel = customer_communications_list.channel)
      AND (customer_communications_list.status IS NULL
           OR m.status = customer_communications_list.status);
    RETURN jsonb_build_object('data', data, 'total', total,
                              'limit', customer_communications_list."limit",
                              'offset', customer_communications_list."offset");
END
$$;
COMMENT ON FUNCTION @extschema@.customer_communications_list(bigint, text, text, integer, integer) IS
    'GET /api/customers/communications?customerId=&channel=&status=&limit=&offset= — {"data": [...newest first, unsent first], "total", "limit", "offset"}; NULL for an unknown customer';

-- ===========================================================================
-- notes
-- ===========================================================================

CREATE FUNCTION @extschema@.add_note(customer_id bigint, note jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    body jsonb := @extschema@.api_json_object(add_note.note, 'note');
    r @extschema@.customer_notes := jsonb_populate_record(NULL::@extschema@.customer_notes, body);
    written record;
BEGIN
    PERFORM @extschema@.api_require_customer(add_note.customer_id);
    INSERT INTO @extschema@.customer_notes
        (customer_id, title, content, note_type, priority, is_pinned, created_by)
    VALUES (add_note.customer_id, r.title, r.content, COALESCE(r.note_type, 'general'),
            COALESCE(r.priority, 'medium'), COALESCE(r.is_pinned, false),
            COALESCE(r.created_by, body ->> 'user_id'))
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.add_note(bigint, jsonb) IS
    'addCustomerNote() of the CRM service — adds a note ({"title", "content", "noteType", "priority", "is_pinned", "userId" as created_by}) and returns the row; 23503 for an unknown customer';

CREATE FUNCTION @extschema@.customer_notes_list(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    IF NOT @extschema@.api_customer_exists(customer_notes_list.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(n) ORDER BY n.is_pinned DESC, n.created_at DESC, n.id DESC),
                    '[]'::jsonb)
    INTO result
    FROM @extschema@.customer_notes AS n
    WHERE n.customer_id = customer_notes_list.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_notes_list(bigint) IS
    'The customer''s notes, pinned first, then newest first; NULL for an unknown customer';

-- ===========================================================================
-- tags
-- ===========================================================================

CREATE FUNCTION @extschema@.add_tag(customer_id bigint, tag text, color text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written record;
BEGIN
    PERFORM @extschema@.api_require_customer(add_tag.customer_id);
    INSERT INTO @extschema@.customer_tags AS t (customer_id, tag, color)
    VALUES (add_tag.customer_id, btrim(add_tag.tag, E' \t\n\r\f'), add_tag.color)
    ON CONFLICT ON CONSTRAINT customer_tags_customer_id_tag_key DO UPDATE SET color = COALESCE(excluded.color, t.color)
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.add_tag(bigint, text, text) IS
    'Tags a customer (surrounding blanks trimmed; an existing tag keeps its row and gets the new color, if given) and returns the tag row; 23503 for an unknown customer';

CREATE FUNCTION @extschema@.remove_tag(customer_id bigint, tag text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    IF NOT @extschema@.api_customer_exists(remove_tag.customer_id) THEN
        RETURN false;
    END IF;
    DELETE FROM @extschema@.customer_tags AS t
    WHERE t.customer_id = remove_tag.customer_id
      AND t.tag = btrim(remove_tag.tag, E' \t\n\r\f');
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n > 0;
END
$$;
COMMENT ON FUNCTION @extschema@.remove_tag(bigint, text) IS
    'Removes a tag from a customer; true when it was there';

CREATE FUNCTION @extschema@.customer_tags_list(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    IF NOT @extschema@.api_customer_exists(customer_tags_list.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(t) ORDER BY t.tag), '[]'::jsonb) INTO result
    FROM @extschema@.customer_tags AS t
    WHERE t.customer_id = customer_tags_list.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_tags_list(bigint) IS
    'The customer''s tags (rows with tag, color, created_by, created_at) in tag order; NULL for an unknown customer';

-- ===========================================================================
-- addresses
-- ===========================================================================

CREATE FUNCTION @extschema@.customer_addresses_list(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    IF NOT @extschema@.api_customer_exists(customer_addresses_list.customer_id) THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(jsonb_agg(to_jsonb(a) ORDER BY a.is_default DESC, a.id), '[]'::jsonb) INTO result
    FROM @extschema@.customer_addresses AS a
    WHERE a.customer_id = customer_addresses_list.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_addresses_list(bigint) IS
    'The customer''s addresses, the default first; NULL for an unknown customer';

CREATE FUNCTION @extschema@.add_customer_address(customer_id bigint, address jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r @extschema@.customer_addresses :=
        jsonb_populate_record(NULL::@extschema@.customer_addresses,
                              @extschema@.api_json_object(add_customer_address.address, 'address'));
    stamp timestamptz := now();
    written record;
BEGIN
    PERFORM @extschema@.api_require_customer(add_customer_address.customer_id);
    -- a new default address replaces the old default
    IF r.is_default THEN
        UPDATE @extschema@.customer_addresses AS a
        SET is_default = false, updated_at = stamp
        WHERE a.customer_id = add_customer_address.customer_id AND a.is_default;
    END IF;
    INSERT INTO @extschema@.customer_addresses
        (customer_id, address_type, line1, line2, city, district, state, postal_code, country, is_default)
    VALUES (add_customer_address.customer_id, COALESCE(r.address_type, 'home'), r.line1, r.line2,
            r.city, r.district, r.state, r.postal_code, r.country, COALESCE(r.is_default, false))
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.add_customer_address(bigint, jsonb) IS
    'Adds an address ({"address_type", "line1", "city", "postal_code", "country", "is_default", ...}; a new default replaces the old one) and returns the row; 23503 for an unknown customer';

-- ===========================================================================
-- preferences
-- ===========================================================================

CREATE FUNCTION @extschema@.customer_preferences_json(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    -- joined with customers, so a hidden customer has no row
    SELECT to_jsonb(p) INTO result
    FROM @extschema@.customer_preferences AS p
    JOIN @extschema@.customers AS c ON c.id = p.customer_id
    WHERE p.customer_id = customer_preferences_json.customer_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_preferences_json(bigint) IS
    'The customer''s notification, marketing, contact and consent preferences; NULL when none were recorded (the column defaults apply)';

CREATE FUNCTION @extschema@.set_customer_preferences(customer_id bigint, changes jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    body jsonb := @extschema@.api_json_object(set_customer_preferences.changes, 'changes');
    stamp timestamptz := now();
    prior @extschema@.customer_preferences;
    r @extschema@.customer_preferences;
    written record;
BEGIN
    PERFORM @extschema@.api_require_customer(set_customer_preferences.customer_id);
    INSERT INTO @extschema@.customer_preferences AS p (customer_id)
    VALUES (set_customer_preferences.customer_id)
    ON CONFLICT ON CONSTRAINT customer_preferences_pkey DO NOTHING;
    SELECT * INTO prior FROM @extschema@.customer_preferences AS p
    WHERE p.customer_id = set_customer_preferences.customer_id
    FOR UPDATE;
    r := jsonb_populate_record(prior, body);
    IF NOT body ? 'gdpr_consent_at' AND r.gdpr_consent IS DISTINCT FROM prior.gdpr_consent THEN
        r.gdpr_consent_at := stamp;
    END IF;
    UPDATE @extschema@.customer_preferences AS p
    SET (email_notifications, sms_notifications, whatsapp_notifications, push_notifications,
         marketing_email_opt_in, marketing_sms_opt_in, marketing_whatsapp_opt_in, marketing_push_opt_in,
         newsletter_subscribed, subscriptions, preferred_contact_method, preferred_contact_time,
         preferred_language, timezone, gdpr_consent, gdpr_consent_at, do_not_contact,
         other_preferences, updated_at) =
        (r.email_notifications, r.sms_notifications, r.whatsapp_notifications, r.push_notifications,
         r.marketing_email_opt_in, r.marketing_sms_opt_in, r.marketing_whatsapp_opt_in,
         r.marketing_push_opt_in, r.newsletter_subscribed, r.subscriptions,
         r.preferred_contact_method, r.preferred_contact_time, r.preferred_language, r.timezone,
         r.gdpr_consent, r.gdpr_consent_at, r.do_not_contact, r.other_preferences, stamp)
    WHERE p.customer_id = set_customer_preferences.customer_id
    RETURNING * INTO written;
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.set_customer_preferences(bigint, jsonb) IS
    'Sets the preferences given (others keep their value or default; gdpr_consent_at follows a consent change) and returns the row; 23503 for an unknown customer';
