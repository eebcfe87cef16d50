-- src/sql/schema/19_alerts.sql — significant-change alerts of the health
-- insights (1.1), SPEC §3.8.  Rows are raised by the alert triggers
-- (code/44_alert_triggers.sql, code/45_prediction_alerts.sql) through
-- raise_customer_alert(): at most one per customer, kind and UTC day, each
-- published with pg_notify('customer_scoring_alerts', ...) on commit.
-- Citus: distributed on customer_id and co-located with customers (every key
-- starts with customer_id).

CREATE TABLE @extschema@.customer_alerts (
    customer_id         bigint NOT NULL,
    id                  bigint GENERATED ALWAYS AS IDENTITY,
    kind                text NOT NULL,
    severity            text NOT NULL,
    score_before        numeric,
    score_after         numeric,
    details             jsonb NOT NULL DEFAULT '{}',
    raised_at           timestamptz NOT NULL,
    raised_on           date NOT NULL,
    acknowledged_at     timestamptz,
    acknowledged_by     text,

    CONSTRAINT customer_alerts_pkey PRIMARY KEY (customer_id, id),
    CONSTRAINT customer_alerts_customer_id_kind_raised_on_key
        UNIQUE (customer_id, kind, raised_on),
    CONSTRAINT customer_alerts_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    CONSTRAINT customer_alerts_kind_check
        CHECK (kind IN ('health_drop', 'health_poor', 'warmth_drop', 'warmth_ice_cold',
                        'valuable_at_risk', 'hot_lead')),
    CONSTRAINT customer_alerts_severity_check
        CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT customer_alerts_raised_on_check
        CHECK (raised_on = pg_catalog.timezone('UTC', raised_at)::date)
);

-- Open alerts, newest first: of everyone (open_alerts) and of one customer
-- (criticalAlerts of the insights).
CREATE INDEX customer_alerts_open_raised_at_idx
    ON @extschema@.customer_alerts (raised_at DESC) WHERE acknowledged_at IS NULL;
CREATE INDEX customer_alerts_customer_id_open_raised_at_idx
    ON @extschema@.customer_alerts (customer_id, raised_at DESC) WHERE acknowledged_at IS NULL;

COMMENT ON TABLE @extschema@.customer_alerts IS
    'Significant changes of a customer (health or warmth drop, lowest band, valuable customer at risk, hot lead), raised by triggers; at most one per customer, kind and UTC day; each is published with pg_notify on channel customer_scoring_alerts at commit; distribute on customer_id';
COMMENT ON COLUMN @extschema@.customer_alerts.kind IS
    'health_drop, health_poor, warmth_drop, warmth_ice_cold, valuable_at_risk or hot_lead';
COMMENT ON COLUMN @extschema@.customer_alerts.severity IS 'low, medium, high or critical';
COMMENT ON COLUMN @extschema@.customer_alerts.score_before IS
    'The score before the change (health or warmth score, P(alive), lead score); NULL when there was none';
COMMENT ON COLUMN @extschema@.customer_alerts.score_after IS 'The score after the change';
COMMENT ON COLUMN @extschema@.customer_alerts.details IS
    'What caused the alert, e.g. levels, threshold, lead id; left out of the NOTIFY payload when the payload would reach 8000 bytes';
COMMENT ON COLUMN @extschema@.customer_alerts.raised_at IS 'When the alert was raised (the transaction''s start, now())';
COMMENT ON COLUMN @extschema@.customer_alerts.raised_on IS
    'UTC calendar day of raised_at; with customer_id and kind the key that keeps one alert per day';
COMMENT ON COLUMN @extschema@.customer_alerts.acknowledged_at IS
    'When someone acknowledged the alert (acknowledge_alert); NULL = open';
COMMENT ON COLUMN @extschema@.customer_alerts.acknowledged_by IS 'The role that acknowledged it';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_alerts', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_alerts_id_seq', '');
COMMENT ON SEQUENCE @extschema@.customer_alerts_id_seq IS
    'Identity of customer_alerts.id; pg_dump saves its position (pg_extension_config_dump)';
