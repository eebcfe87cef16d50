-- src/sql/code/79_health_insights.sql — the health insights of one customer
-- (1.1), SPEC §3.8: risk assessment, and the loyalty CRM's CustomerHealthScore
-- (originals/003) in one call.
--
-- Conventions as the endpoints of 70_api_common.sql: caller's rights, so a
-- customer the caller cannot see (row-level security on customers) is
-- unknown and gives NULL; every read of the customer's rows filters on
-- customer_id (index scans; on Citus, that customer's shard); a function
-- that reads tables is called in a statement of its own.

-- as_of - days, or -infinity when that is before the first instant a
-- timestamptz holds (4714-11-24 00:00 UTC BC), where the subtraction fails.
CREATE FUNCTION @extschema@.instant_before(as_of timestamptz, days integer)
RETURNS timestamptz
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    span interval := pg_catalog.make_interval(days => instant_before.days);
BEGIN
    IF instant_before.days < 0 THEN
        RAISE EXCEPTION 'days must not be negative' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT isfinite(instant_before.as_of) THEN
        RETURN instant_before.as_of;
    END IF;
    -- in exact numeric seconds: the difference of two far-apart instants
    -- overflows an interval
    IF extract(epoch FROM instant_before.as_of) - instant_before.days * 86400::numeric
       < extract(epoch FROM '4714-11-24 00:00:00+00 BC'::timestamptz) THEN
        RETURN '-infinity';
    END IF;
    RETURN instant_before.as_of - span;
END
$$;
COMMENT ON FUNCTION @extschema@.instant_before(timestamptz, integer) IS
    'as_of - days (in the session''s time zone), or -infinity when that instant is before the first one a timestamptz holds (an infinite as_of is returned as it is); the window starts of the health insights; days must not be negative (22023)';

-- One risk as JSON: {"score", "severity", "mitigation"}; NULL without a score.
CREATE FUNCTION @extschema@.risk_json(score numeric)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    severity text := @extschema@.risk_severity(risk_json.score);
BEGIN
    RETURN pg_catalog.jsonb_build_object(
        'score', risk_json.score,
        'severity', severity,
        'mitigation', @extschema@.risk_mitigation(severity));
END
$$;
COMMENT ON FUNCTION @extschema@.risk_json(numeric) IS
    'A risk of the risk assessment as JSON: {"score", "severity", "mitigation"} by risk_severity() and risk_mitigation(); NULL for a NULL score; the score must be in [0, 100]';

CREATE FUNCTION @extschema@.customer_risk_assessment(
    customer_id bigint,
    as_of timestamptz DEFAULT pg_catalog.now())
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cid bigint := customer_risk_assessment.customer_id;
    at_time timestamptz := customer_risk_assessment.as_of;
    p_alive float8;
    engagement_now numeric;
    engagement_then numeric;
    spend_last numeric;
    spend_before numeric;
    since_90 timestamptz;
    since_180 timestamptz;
BEGIN
    IF at_time IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(at_time) THEN
        RAISE EXCEPTION 'as_of must be finite' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM 1 FROM @extschema@.customers AS c WHERE c.id = cid;
    IF NOT FOUND THEN
        RETURN NULL;        -- unknown, or invisible to the caller
    END IF;
    -- the windows' starts; near the first instant PostgreSQL can hold, a
    -- start before it is -infinity (nothing is earlier)
    since_90 := @extschema@.instant_before(at_time, 90);
    since_180 := @extschema@.instant_before(at_time, 180);

    -- churn: the latest prediction's P(alive)
    SELECT p.p_alive INTO p_alive
    FROM @extschema@.customer_predictions AS p
    WHERE p.customer_id = cid;

    -- engagement: the health engagement score now, and the one the history
    -- recorded at or before as_of - 90 days
    SELECT h.engagement_score INTO engagement_now
    FROM @extschema@.customer_health_scores AS h
    WHERE h.customer_id = cid;
    SELECT h.engagement_score INTO engagement_then
    FROM @extschema@.customer_health_score_history AS h
    WHERE h.customer_id = cid
      AND h.created_at <= since_90
    ORDER BY h.created_at DESC, h.id DESC
    LIMIT 1;

    -- value: completed-order spend of the last 90 days and of the 90 before
    SELECT COALESCE(sum(o.total_amount) FILTER (WHERE o.ordered_at > since_90), 0),
           COALESCE(sum(o.total_amount) FILTER (WHERE o.ordered_at <= since_90), 0)
    INTO spend_last, spend_before
    FROM @extschema@.orders AS o
    WHERE o.customer_id = cid
      AND o.status = 'completed'
      AND o.ordered_at > since_180
      AND o.ordered_at <= at_time;

    RETURN pg_catalog.jsonb_build_object(
        'churnRisk', @extschema@.risk_json(@extschema@.churn_risk_score(p_alive)),
        'engagementRisk', @extschema@.risk_json(@extschema@.engagement_risk_score(engagement_now,
                                                                                  engagement_then)),
        'valueRisk', @extschema@.risk_json(@extschema@.value_risk_score(spend_last, spend_before)));
END
$$;
COMMENT ON FUNCTION @extschema@.customer_risk_assessment(bigint, timestamptz) IS
    'GET /api/customers/{customerId}/risk-assessment — {"churnRisk", "engagementRisk", "valueRisk"}, each {"score", "severity", "mitigation"} or null without data: churn from the prediction''s P(alive), engagement from the health engagement score now and in the history at or before as_of - 90 days, value from completed-order spend of the last 90 days against the 90 before; NULL for an unknown or invisible customer; as_of must be finite';

CREATE FUNCTION @extschema@.customer_health_insights(
    customer_id bigint,
    as_of timestamptz DEFAULT pg_catalog.now())
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cid bigint := customer_health_insights.customer_id;
    at_time timestamptz := customer_health_insights.as_of;
    drop_threshold numeric := @extschema@.setting('alert_health_drop')::numeric;
    industry numeric := NULLIF(@extschema@.setting('industry_health_average'), '')::numeric;
    cust record;
    h record;
    pred record;
    bgnbd record;
    gamma record;
    rfm_segment text;
    segment_average numeric;
    top_average numeric;
    risks jsonb;
    channels jsonb;
    campaigns jsonb;
    loyalty jsonb;
    predictions jsonb;
    history jsonb;
    alerts jsonb;
    opportunities jsonb;
    since_30 timestamptz;
BEGIN
    IF at_time IS NULL THEN
        RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(at_time) THEN
        RAISE EXCEPTION 'as_of must be finite' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT c.id, c.lifetime_value INTO cust
    FROM @extschema@.customers AS c
    WHERE c.id = cid;
    IF NOT FOUND THEN
        RETURN NULL;        -- unknown, or invisible to the caller
    END IF;

    SELECT s.* INTO h
    FROM @extschema@.customer_health_scores AS s
    WHERE s.customer_id = cid;

    risks := @extschema@.customer_risk_assessment(cid, at_time);

    -- engagement by channel and by campaign (outbound communications; a reply
    -- is status replied or a replied_at), and in the loyalty programmes
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'channel', x.channel, 'sent', x.sent, 'replied', x.replied,
               'responseRate', round(x.replied * 100.0 / x.sent, 2)) ORDER BY x.channel), '[]'::jsonb)
    INTO channels
    FROM (SELECT m.channel, count(*) AS sent,
                 count(*) FILTER (WHERE m.status = 'replied' OR m.replied_at IS NOT NULL) AS replied
          FROM @extschema@.customer_communications AS m
          WHERE m.customer_id = cid AND m.direction = 'outbound'
          GROUP BY m.channel) AS x;
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'campaign', x.campaign, 'sent', x.sent, 'opened', x.opened, 'clicked', x.clicked,
               'replied', x.replied, 'responseRate', round(x.replied * 100.0 / x.sent, 2))
               ORDER BY x.campaign), '[]'::jsonb)
    INTO campaigns
    FROM (SELECT m.campaign, count(*) AS sent,
                 count(*) FILTER (WHERE m.opened_at IS NOT NULL) AS opened,
                 count(*) FILTER (WHERE m.clicked_at IS NOT NULL) AS clicked,
                 count(*) FILTER (WHERE m.status = 'replied' OR m.replied_at IS NOT NULL) AS replied
          FROM @extschema@.customer_communications AS m
          WHERE m.customer_id = cid AND m.direction = 'outbound' AND m.campaign IS NOT NULL
          GROUP BY m.campaign) AS x;
    SELECT jsonb_build_object(
               'score', h.loyalty_engagement,
               'programs', count(*),
               'pointsBalance', COALESCE(sum(lp.points_balance), 0),
               'lifetimePointsEarned', COALESCE(sum(lp.lifetime_points_earned), 0),
               'lifetimePointsRedeemed', COALESCE(sum(lp.lifetime_points_redeemed), 0),
               'lastActivity', max(lp.last_activity_at))
    INTO loyalty
    FROM @extschema@.customer_loyalty_points AS lp
    WHERE lp.customer_id = cid;

    -- the latest predictions and the models they came from
    SELECT p.* INTO pred
    FROM @extschema@.customer_predictions AS p
    WHERE p.customer_id = cid;
    IF FOUND THEN
        SELECT m.id, m.fitted_at, m.converged INTO bgnbd
        FROM @extschema@.prediction_models AS m
        WHERE m.id = pred.bgnbd_model_id;
        SELECT m.id, m.fitted_at, m.converged INTO gamma
        FROM @extschema@.prediction_models AS m
        WHERE m.id = pred.gamma_gamma_model_id;
        predictions := jsonb_build_object(
            'nextVisit', jsonb_build_object(
                'predictedDate', pred.next_purchase_date,
                'expectedVisits30Days', pred.expected_purchases_30,
                'expectedVisits90Days', pred.expected_purchases_90,
                'expectedVisits365Days', pred.expected_purchases_365),
            'spending', jsonb_build_object(
                'expectedOrderValue', pred.expected_order_value,
                'averageRepeatOrderValue', pred.avg_value),
            'lifetimeValue', jsonb_build_object(
                'current', cust.lifetime_value,
                'clv12Months', pred.clv_12_months),
            'churn', jsonb_build_object(
                'pAlive', pred.p_alive,
                'churnProbability', pred.churn_probability),
            'models', jsonb_build_object(
                'bgnbd', CASE WHEN bgnbd.id IS NOT NULL THEN jsonb_build_object(
                             'id', bgnbd.id, 'fittedAt', bgnbd.fitted_at, 'converged', bgnbd.converged) END,
                'gammaGamma', CASE WHEN gamma.id IS NOT NULL THEN jsonb_build_object(
                             'id', gamma.id, 'fittedAt', gamma.fitted_at, 'converged', gamma.converged) END),
            'asOf', pred.as_of);
    END IF;

    -- the 10 latest history rows up to as_of, newest first; a change is
    -- significant as the health alerts say: a drop of at least the setting
    -- alert_health_drop (health_drop) or a fall into POOR (health_poor)
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'healthScore', x.health_score, 'healthLevel', x.health_level,
               'previousScore', x.previous_score, 'scoreChange', x.score_change,
               'engagementScore', x.engagement_score, 'changeTrigger', x.change_trigger,
               'createdAt', x.created_at,
               'significant', x.kind IS NOT NULL, 'significantChange', x.kind)
               ORDER BY x.created_at DESC, x.id DESC), '[]'::jsonb)
    INTO history
    FROM (SELECT y.*,
                 CASE WHEN -y.score_change >= drop_threshold THEN 'health_drop'
                      WHEN y.health_level = 'POOR' AND y.level_before > 'POOR' THEN 'health_poor'
                 END AS kind
          FROM (SELECT r.*, lag(r.health_level) OVER (ORDER BY r.created_at, r.id) AS level_before
                FROM @extschema@.customer_health_score_history AS r
                WHERE r.customer_id = cid AND r.created_at <= at_time) AS y
          ORDER BY y.created_at DESC, y.id DESC
          LIMIT 10) AS x;

    -- unacknowledged high and critical alerts of the last 30 days, newest first
    since_30 := @extschema@.instant_before(at_time, 30);
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'id', a.id, 'kind', a.kind, 'severity', a.severity,
               'scoreBefore', a.score_before, 'scoreAfter', a.score_after,
               'details', a.details, 'raisedAt', a.raised_at)
               ORDER BY a.raised_at DESC, a.id DESC), '[]'::jsonb)
    INTO alerts
    FROM @extschema@.customer_alerts AS a
    WHERE a.customer_id = cid
      AND a.acknowledged_at IS NULL
      AND a.severity IN ('high', 'critical')
      AND a.raised_at > since_30
      AND a.raised_at <= at_time;

    SELECT COALESCE(jsonb_agg(jsonb_build_object('kind', o.kind, 'reason', o.reason)), '[]'::jsonb)
    INTO opportunities
    FROM @extschema@.customer_opportunities(cid, at_time::date) AS o;

    -- benchmarks: the customer's RFM segment, then the stored figures
    SELECT r.segment::text INTO rfm_segment
    FROM @extschema@.customer_rfm_scores AS r
    WHERE r.customer_id = cid;
    IF rfm_segment IS NOT NULL THEN
        SELECT b.average_health INTO segment_average
        FROM @extschema@.customer_health_benchmarks AS b
        WHERE b.segment = rfm_segment;
    END IF;
    SELECT b.top_performer_average INTO top_average
    FROM @extschema@.customer_health_benchmarks AS b
    WHERE b.segment = 'all';

    RETURN jsonb_build_object(
        'customerId', cid,
        'healthScore', h.health_score,
        'healthLevel', h.health_level,
        'components', jsonb_build_object(
            'visitFrequency', h.visit_frequency,
            'spendingBehavior', h.spending_behavior,
            'loyaltyEngagement', h.loyalty_engagement,
            'feedbackSentiment', h.feedback_sentiment,
            'communicationResponse', h.communication_response,
            'recencyFactor', h.recency_factor),
        'riskAssessment', risks,
        'engagementAnalysis', jsonb_build_object(
            'engagementScore', h.engagement_score,
            'overallEngagementLevel', h.engagement_level,
            'channelEngagement', channels,
            'campaignEngagement', campaigns,
            'loyaltyEngagement', loyalty),
        'predictionModels', predictions,
        'healthHistory', history,
        'insights', jsonb_build_object(
            'criticalAlerts', alerts,
            'opportunities', opportunities),
        'benchmarkComparison', jsonb_build_object(
            'segment', rfm_segment,
            'segmentAverage', segment_average,
            'industryAverage', industry,
            'topPerformerAverage', top_average,
            'percentileRank', h.percentile_rank),
        'lastCalculated', h.calculated_at,
        'nextCalculation', h.calculated_at + interval '1 day');
END
$$;
COMMENT ON FUNCTION @extschema@.customer_health_insights(bigint, timestamptz) IS
    'GET /api/customers/{customerId}/health-insights — the loyalty CRM''s CustomerHealthScore in one object: customerId, healthScore, healthLevel, components, riskAssessment (customer_risk_assessment), engagementAnalysis, predictionModels (null without predictions), healthHistory (10 latest rows up to as_of, significant drops and falls into POOR flagged), insights {criticalAlerts (open high/critical alerts of the 30 days up to as_of), opportunities}, benchmarkComparison {segment, segmentAverage, industryAverage, topPerformerAverage, percentileRank}, lastCalculated, nextCalculation (+ 1 day); NULL for an unknown or invisible customer; as_of must be finite';
