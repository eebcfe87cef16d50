-- src/sql/code/78_api_warmth.sql — the warmth endpoints (originals/000,
-- /api/customers/{customer_id}/warmth and /api/analytics/warmth) as
-- functions returning jsonb.  Conventions: see 70_api_common.sql.

CREATE FUNCTION @extschema@.customer_warmth_json(customer_id bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    -- joined with customers, so a hidden customer has no row
    SELECT to_jsonb(w) INTO result
    FROM @extschema@.customer_warmth AS w
    JOIN @extschema@.customers AS c ON c.id = w.customer_id
    WHERE w.customer_id = customer_warmth_json.customer_id;
    RETURN result;
END
$$;
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
    written record;
BEGIN
    PERFORM @extschema@.api_require_customer(update_customer_warmth.customer_id);
    IF c ? 'notes' AND NOT c ? 'warmth_notes' THEN
        c := c || jsonb_build_object('warmth_notes', c -> 'notes');
    END IF;
    r := jsonb_populate_record(NULL::@extschema@.customer_warmth, c);
    -- the notes describe the change in customer_warmth_history
    IF r.warmth_notes IS NOT NULL THEN
        PERFORM set_config('customer_scoring.change_description', r.warmth_notes, true);
    END IF;

    -- a component not in the body keeps its value (the CASEs test the body,
    -- a parameter: Citus allows only immutable expressions in DO UPDATE)
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
    RETURNING * INTO written;

    PERFORM set_config('customer_scoring.change_description', COALESCE(previous_description, ''), true);
    RETURN to_jsonb(written);
END
$$;
COMMENT ON FUNCTION @extschema@.update_customer_warmth(bigint, jsonb) IS
    'PUT /api/customers/{customer_id}/warmth — sets the warmth components given ({"engagement_score": 75, "budget_qualification_score": 80, "notes": "..."}; null = unknown) and warmth_notes, creating the row if needed; the triggers recompute the score and write history with the notes as change_description. Other keys are ignored. Returns the row; 23503 for an unknown customer';

CREATE FUNCTION @extschema@.warmth_analytics_json(
    level @extschema@.warmth_level DEFAULT NULL, "limit" integer DEFAULT 50)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    page_limit integer := @extschema@.api_non_negative(warmth_analytics_json."limit", 'limit');
    result jsonb;
BEGIN
    -- the view joins customers
    SELECT COALESCE(jsonb_agg(to_jsonb(a) ORDER BY a.overall_warmth_score DESC NULLS LAST, a.customer_id),
                    '[]'::jsonb)
    INTO result
    FROM (SELECT wa.*
          FROM @extschema@.warmth_analytics AS wa
          WHERE warmth_analytics_json.level IS NULL OR wa.warmth_level = warmth_analytics_json.level
          ORDER BY wa.overall_warmth_score DESC NULLS LAST, wa.customer_id
          LIMIT page_limit) AS a;
    RETURN result;
END
$$;
COMMENT ON FUNCTION @extschema@.warmth_analytics_json(@extschema@.warmth_level, integer) IS
    'GET /api/analytics/warmth?level=&limit= — warmth_analytics rows of a level (NULL = all), warmest first';
