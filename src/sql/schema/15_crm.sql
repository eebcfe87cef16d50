-- src/sql/schema/15_crm.sql — customer-management CRM and loyalty CRM: RFM
-- and health scores, analytics, addresses, preferences, segments, tags,
-- notes and communications.
--
-- customer_segments and loyalty_programs are small reference tables (Citus:
-- create_reference_table); every other table is customer-scoped, distributed
-- on customer_id and co-located with customers.  Foreign keys towards the
-- reference tables use CASCADE or RESTRICT (Citus rejects SET NULL there).

-- ---------------------------------------------------------------------------
-- customer_rfm_scores: latest RFM analysis (one row per customer)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_rfm_scores (
    customer_id                 bigint NOT NULL,
    last_purchase_at            timestamptz,
    recency_days                integer,
    purchase_count              integer NOT NULL DEFAULT 0,
    total_spent                 numeric(38,2) NOT NULL DEFAULT 0,
    recency_score               smallint,
    frequency_score             smallint,
    monetary_score              smallint,
    rfm_cell                    text,
    rfm_total                   smallint,
    segment                     @extschema@.rfm_segment,
    churn_risk                  double precision,
    avg_days_between_purchases  numeric(12,2),
    calculated_at               timestamptz NOT NULL DEFAULT pg_catalog.now(),
    as_of                       timestamptz NOT NULL DEFAULT pg_catalog.now(),

    CONSTRAINT customer_rfm_scores_pkey PRIMARY KEY (customer_id),
    CONSTRAINT customer_rfm_scores_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    CONSTRAINT customer_rfm_scores_recency_days_check CHECK (recency_days >= 0),
    CONSTRAINT customer_rfm_scores_purchase_count_check CHECK (purchase_count >= 0),
    CONSTRAINT customer_rfm_scores_total_spent_check CHECK (total_spent >= 0 AND total_spent <> 'NaN'),
    CONSTRAINT customer_rfm_scores_recency_score_check CHECK (recency_score BETWEEN 1 AND 5),
    CONSTRAINT customer_rfm_scores_frequency_score_check CHECK (frequency_score BETWEEN 1 AND 5),
    CONSTRAINT customer_rfm_scores_monetary_score_check CHECK (monetary_score BETWEEN 1 AND 5),
    CONSTRAINT customer_rfm_scores_rfm_cell_check
        CHECK (rfm_cell = recency_score::text || frequency_score::text || monetary_score::text),
    CONSTRAINT customer_rfm_scores_rfm_total_check
        CHECK (rfm_total = recency_score + frequency_score + monetary_score),
    CONSTRAINT customer_rfm_scores_churn_risk_check CHECK (churn_risk BETWEEN 0 AND 1),
    CONSTRAINT customer_rfm_scores_avg_days_between_purchases_check
        CHECK (avg_days_between_purchases >= 0)
);

CREATE INDEX customer_rfm_scores_segment_idx ON @extschema@.customer_rfm_scores (segment);

COMMENT ON TABLE @extschema@.customer_rfm_scores IS
    'Latest recency/frequency/monetary analysis of each customer (scores 1-5, cell, total, segment, churn risk), written by refresh_rfm_scores(); one row per customer, distribute on customer_id';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.last_purchase_at IS 'ordered_at of the latest completed order';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.recency_days IS
    'Whole days from the last completed order to as_of';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.purchase_count IS 'Completed orders counted';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.total_spent IS 'Total of the completed orders counted';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.recency_score IS
    'Recency score 1-5 (5: within 30 days ... 1: over 180 days); the scores are NULL when the customer has no completed order';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.frequency_score IS 'Frequency score 1-5 (5: 10+ purchases ... 1: one purchase)';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.monetary_score IS 'Monetary score 1-5 (5: 5000+ spent ... 1: under 500)';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.rfm_cell IS
    'The three scores as digits R, F, M, e.g. 545';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.rfm_total IS 'Overall RFM score: R + F + M (3-15)';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.segment IS
    'RFM segment: Champions, VIP, Loyal Customers, New Customers, Potential Loyalists, At Risk or Lost';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.churn_risk IS
    'Probability-like churn risk in [0, 1] from churn_risk(); above 0.7 calls for a retention campaign';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.avg_days_between_purchases IS
    'Usual interval between completed orders in days; NULL with fewer than 2 orders';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.calculated_at IS 'When the row was computed';
COMMENT ON COLUMN @extschema@.customer_rfm_scores.as_of IS 'The instant the scores refer to (the as_of argument of the refresh)';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_rfm_scores', '');

-- ---------------------------------------------------------------------------
-- customer_health_scores: latest health assessment (one row per customer)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_health_scores (
    customer_id             bigint NOT NULL,

    -- components, 0-100, NULL = missing (left out of the weighted score)
    visit_frequency         numeric(5,2),
    spending_behavior       numeric(5,2),
    loyalty_engagement      numeric(5,2),
    feedback_sentiment      numeric(5,2),
    communication_response  numeric(5,2),
    recency_factor          numeric(5,2),

    -- results
    health_score            numeric(5,2),
    health_level            @extschema@.health_level,
    engagement_score        numeric(5,2),
    engagement_level        @extschema@.engagement_level,
    churn_risk              double precision,

    -- profile completeness
    profile_completeness    numeric(5,2),
    completeness_level      @extschema@.completeness_level,
    missing_fields          text[],

    calculated_at           timestamptz NOT NULL DEFAULT pg_catalog.now(),
    as_of                   timestamptz NOT NULL DEFAULT pg_catalog.now(),

    -- benchmark (1.1): rank among all scored customers
    percentile_rank         numeric(5,2),

    CONSTRAINT customer_health_scores_pkey PRIMARY KEY (customer_id),
    CONSTRAINT customer_health_scores_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    CONSTRAINT customer_health_scores_visit_frequency_check
        CHECK (visit_frequency BETWEEN 0 AND 100),
    CONSTRAINT customer_health_scores_spending_behavior_check
        CHECK (spending_behavior BETWEEN 0 AND 100),
    CONSTRAINT customer_health_scores_loyalty_engagement_check
        CHECK (loyalty_engagement BETWEEN 0 AND 100),
    CONSTRAINT customer_health_scores_feedback_sentiment_check
        CHECK (feedback_sentiment BETWEEN 0 AND 100),
    CONSTRAINT customer_health_scores_communication_response_check
        CHECK (communication_response BETWEEN 0 AND 100),
    CONSTRAINT customer_health_scores_recency_factor_check
        CHECK (recency_factor BETWEEN 0 AND 100),
    CONSTRAINT customer_health_scores_health_score_check
        CHECK (health_score BETWEEN 0 AND 100),
    CONSTRAINT customer_health_scores_engagement_score_check
        CHECK (engagement_score BETWEEN 0 AND 100),
    CONSTRAINT customer_health_scores_churn_risk_check CHECK (churn_risk BETWEEN 0 AND 1),
    CONSTRAINT customer_health_scores_profile_completeness_check
        CHECK (profile_completeness BETWEEN 0 AND 100),
    CONSTRAINT customer_health_scores_percentile_rank_check
        CHECK (percentile_rank BETWEEN 0 AND 100)
);

CREATE INDEX customer_health_scores_health_level_score_idx
    ON @extschema@.customer_health_scores (health_level, health_score DESC);

COMMENT ON TABLE @extschema@.customer_health_scores IS
    'Latest health assessment of each customer: six weighted components, health score and level, engagement level, churn risk and profile completeness, written by refresh_health_scores(); one row per customer, distribute on customer_id';
COMMENT ON COLUMN @extschema@.customer_health_scores.visit_frequency IS
    'Visits in the last 90 days x 100 / 12, at most 100 (weight 25%); like every component, NULL = missing';
COMMENT ON COLUMN @extschema@.customer_health_scores.spending_behavior IS
    'Spend in the last 90 days x 100 / the 90th percentile of that spend, at most 100 (weight 20%)';
COMMENT ON COLUMN @extschema@.customer_health_scores.loyalty_engagement IS
    'Loyalty transactions in the last 90 days x 10, at most 100 (weight 15%)';
COMMENT ON COLUMN @extschema@.customer_health_scores.feedback_sentiment IS
    'Average feedback on a 0-100 scale, 50 when none (weight 15%)';
COMMENT ON COLUMN @extschema@.customer_health_scores.communication_response IS
    'Replied / sent outbound communications x 100, 50 when none (weight 15%)';
COMMENT ON COLUMN @extschema@.customer_health_scores.recency_factor IS
    '100 - days since the last visit x 100 / 90, at least 0 (weight 10%)';
COMMENT ON COLUMN @extschema@.customer_health_scores.health_score IS
    'Weighted composite of the present components (0-100), see health_score()';
COMMENT ON COLUMN @extschema@.customer_health_scores.health_level IS
    'POOR [0,40), FAIR [40,60), GOOD [60,80), EXCELLENT [80,100]';
COMMENT ON COLUMN @extschema@.customer_health_scores.engagement_score IS
    'Engagement score 0-100 that engagement_level bands';
COMMENT ON COLUMN @extschema@.customer_health_scores.engagement_level IS
    'LOW [0,40), MEDIUM [40,70), HIGH [70,90), EXCEPTIONAL [90,100]';
COMMENT ON COLUMN @extschema@.customer_health_scores.churn_risk IS 'Churn risk in [0, 1], see churn_risk()';
COMMENT ON COLUMN @extschema@.customer_health_scores.profile_completeness IS
    'Percent of the expected profile fields present and non-empty';
COMMENT ON COLUMN @extschema@.customer_health_scores.completeness_level IS
    'BASIC [0,50), GOOD [50,80), EXCELLENT [80,100), COMPLETE 100';
COMMENT ON COLUMN @extschema@.customer_health_scores.missing_fields IS 'Expected profile fields that are missing or empty';
COMMENT ON COLUMN @extschema@.customer_health_scores.calculated_at IS 'When the row was computed';
COMMENT ON COLUMN @extschema@.customer_health_scores.as_of IS 'The instant the scores refer to (the as_of argument of the refresh)';
COMMENT ON COLUMN @extschema@.customer_health_scores.percentile_rank IS
    '100 x percent_rank() of health_score among all scored customers (0 = lowest, 100 = highest; ties share the rank), set at the end of refresh_health_scores()';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_health_scores', '');

-- ---------------------------------------------------------------------------
-- customer_health_score_history: how a customer's health evolved
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_health_score_history (
    customer_id         bigint NOT NULL,
    id                  bigint GENERATED BY DEFAULT AS IDENTITY,
    health_score        numeric(5,2),
    health_level        @extschema@.health_level,
    previous_score      numeric(5,2),
    score_change        numeric(5,2),
    change_trigger      text,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    engagement_score    numeric(5,2),

    CONSTRAINT customer_health_score_history_pkey PRIMARY KEY (customer_id, id),
    CONSTRAINT customer_health_score_history_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customer_health_scores (customer_id) ON DELETE CASCADE,
    CONSTRAINT customer_health_score_history_health_score_check
        CHECK (health_score BETWEEN 0 AND 100),
    CONSTRAINT customer_health_score_history_previous_score_check
        CHECK (previous_score BETWEEN 0 AND 100),
    CONSTRAINT customer_health_score_history_score_change_check
        CHECK (score_change BETWEEN -100 AND 100),
    CONSTRAINT customer_health_score_history_engagement_score_check
        CHECK (engagement_score BETWEEN 0 AND 100)
);

CREATE INDEX customer_health_score_history_customer_id_created_at_idx
    ON @extschema@.customer_health_score_history (customer_id, created_at);

COMMENT ON TABLE @extschema@.customer_health_score_history IS
    'One row per change of a customer''s health score, level or engagement score, for trends, significant changes and engagement risk; distribute on customer_id';
COMMENT ON COLUMN @extschema@.customer_health_score_history.health_score IS 'health_score after the change';
COMMENT ON COLUMN @extschema@.customer_health_score_history.health_level IS 'health_level after the change';
COMMENT ON COLUMN @extschema@.customer_health_score_history.previous_score IS 'health_score before the change; NULL on the first assessment';
COMMENT ON COLUMN @extschema@.customer_health_score_history.score_change IS
    'health_score - previous_score; NULL on the first assessment';
COMMENT ON COLUMN @extschema@.customer_health_score_history.change_trigger IS
    'What caused the change, e.g. refresh, manual_update, or the session setting customer_scoring.change_trigger';
COMMENT ON COLUMN @extschema@.customer_health_score_history.engagement_score IS
    'engagement_score after the change (1.1; NULL in rows written by 1.0), what engagement risk compares against';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_health_score_history', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_health_score_history_id_seq', '');
COMMENT ON SEQUENCE @extschema@.customer_health_score_history_id_seq IS
    'Identity of customer_health_score_history.id; pg_dump saves its position (pg_extension_config_dump)';

-- ---------------------------------------------------------------------------
-- customer_analytics: computed purchase metrics (one row per customer)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_analytics (
    customer_id                 bigint NOT NULL,

    -- purchase behaviour
    total_orders                integer NOT NULL DEFAULT 0,
    total_spent                 numeric(38,2) NOT NULL DEFAULT 0,
    average_order_value         numeric(38,2),
    repeat_purchase_rate        numeric(5,2),
    purchase_frequency          numeric(10,4),
    avg_days_between_purchases  numeric(12,2),
    first_order_at              timestamptz,
    last_order_at               timestamptz,
    days_since_last_order       integer,
    favorite_products           text[],
    preferred_categories        text[],

    -- predictions and risk
    lifetime_value              numeric(38,2) NOT NULL DEFAULT 0,
    predicted_lifetime_value    numeric(38,2),
    predicted_next_purchase_at  timestamptz,
    churn_risk                  double precision,

    -- engagement and satisfaction
    engagement_score            numeric(5,2),
    nps_score                   smallint,

    calculated_at               timestamptz NOT NULL DEFAULT pg_catalog.now(),
    as_of                       timestamptz NOT NULL DEFAULT pg_catalog.now(),

    CONSTRAINT customer_analytics_pkey PRIMARY KEY (customer_id),
    CONSTRAINT customer_analytics_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    CONSTRAINT customer_analytics_total_orders_check CHECK (total_orders >= 0),
    CONSTRAINT customer_analytics_total_spent_check CHECK (total_spent >= 0 AND total_spent <> 'NaN'),
    CONSTRAINT customer_analytics_average_order_value_check CHECK (average_order_value >= 0 AND average_order_value <> 'NaN'),
    CONSTRAINT customer_analytics_repeat_purchase_rate_check
        CHECK (repeat_purchase_rate BETWEEN 0 AND 100),
    CONSTRAINT customer_analytics_purchase_frequency_check CHECK (purchase_frequency >= 0 AND purchase_frequency <> 'NaN'),
    CONSTRAINT customer_analytics_avg_days_between_purchases_check
        CHECK (avg_days_between_purchases >= 0),
    CONSTRAINT customer_analytics_order_dates_check CHECK (first_order_at <= last_order_at),
    CONSTRAINT customer_analytics_days_since_last_order_check CHECK (days_since_last_order >= 0),
    CONSTRAINT customer_analytics_lifetime_value_check CHECK (lifetime_value >= 0 AND lifetime_value <> 'NaN'),
    CONSTRAINT customer_analytics_predicted_lifetime_value_check
        CHECK (predicted_lifetime_value >= 0 AND predicted_lifetime_value <> 'NaN'),
    CONSTRAINT customer_analytics_churn_risk_check CHECK (churn_risk BETWEEN 0 AND 1),
    CONSTRAINT customer_analytics_engagement_score_check CHECK (engagement_score BETWEEN 0 AND 100),
    CONSTRAINT customer_analytics_nps_score_check CHECK (nps_score BETWEEN 0 AND 10)
);

COMMENT ON TABLE @extschema@.customer_analytics IS
    'Computed purchase metrics of each customer with a completed order, filled by refresh_predictions (nightly) as of its as_of: orders, spend, average order value, repeat rate, frequency, lifetime value and its prediction, next purchase, churn risk; product preferences, engagement and NPS are left to the application; one row per customer, distribute on customer_id';
COMMENT ON COLUMN @extschema@.customer_analytics.total_orders IS 'Completed orders';
COMMENT ON COLUMN @extschema@.customer_analytics.total_spent IS 'Total of the completed orders';
COMMENT ON COLUMN @extschema@.customer_analytics.average_order_value IS 'total_spent / total_orders; NULL without orders';
COMMENT ON COLUMN @extschema@.customer_analytics.repeat_purchase_rate IS
    'Percent of the completed orders that were repeat purchases: (total_orders - 1) x 100 / total_orders';
COMMENT ON COLUMN @extschema@.customer_analytics.purchase_frequency IS
    'Completed orders per 30 days between the first order and as_of';
COMMENT ON COLUMN @extschema@.customer_analytics.avg_days_between_purchases IS
    'Usual interval between completed orders in days; NULL with fewer than 2 orders';
COMMENT ON COLUMN @extschema@.customer_analytics.days_since_last_order IS
    'Whole days from the last completed order to as_of; NULL without orders';
COMMENT ON COLUMN @extschema@.customer_analytics.favorite_products IS
    'Most bought product ids (order_items.product_id), most first';
COMMENT ON COLUMN @extschema@.customer_analytics.preferred_categories IS 'Most bought or viewed categories, most first';
COMMENT ON COLUMN @extschema@.customer_analytics.lifetime_value IS 'Value of the completed orders so far';
COMMENT ON COLUMN @extschema@.customer_analytics.predicted_lifetime_value IS
    'Expected discounted spend over the next 12 months: customer_predictions.clv_12_months';
COMMENT ON COLUMN @extschema@.customer_analytics.predicted_next_purchase_at IS
    'When the next purchase is expected: customer_predictions.next_purchase_date, at midnight UTC';
COMMENT ON COLUMN @extschema@.customer_analytics.churn_risk IS
    'Probability that the customer is no longer active, in [0, 1]: customer_predictions.churn_probability';
COMMENT ON COLUMN @extschema@.customer_analytics.engagement_score IS 'Engagement with campaigns and the loyalty programme, 0-100';
COMMENT ON COLUMN @extschema@.customer_analytics.nps_score IS
    'Latest Net Promoter answer of the customer, 0-10 (9-10 promoter, 0-6 detractor)';
COMMENT ON COLUMN @extschema@.customer_analytics.calculated_at IS 'When the row was computed';
COMMENT ON COLUMN @extschema@.customer_analytics.as_of IS 'The instant the metrics refer to';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_analytics', '');

-- ---------------------------------------------------------------------------
-- customer_addresses: several addresses per customer, one default
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_addresses (
    customer_id         bigint NOT NULL,
    id                  bigint GENERATED BY DEFAULT AS IDENTITY,
    address_type        text NOT NULL DEFAULT 'home',
    line1               text NOT NULL,
    line2               text,
    city                text,
    district            text,
    state               text,
    postal_code         text,
    country             text,
    is_default          boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),

    CONSTRAINT customer_addresses_pkey PRIMARY KEY (customer_id, id),
    CONSTRAINT customer_addresses_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    CONSTRAINT customer_addresses_address_type_check
        CHECK (address_type IN ('home', 'work', 'billing', 'shipping', 'other'))
);

-- One default address per customer (includes customer_id, so Citus enforces it).
CREATE UNIQUE INDEX customer_addresses_one_default_idx
    ON @extschema@.customer_addresses (customer_id) WHERE is_default;

COMMENT ON TABLE @extschema@.customer_addresses IS
    'Addresses of a customer (home, work/office, billing, shipping), at most one default; distribute on customer_id';
COMMENT ON COLUMN @extschema@.customer_addresses.address_type IS
    'home, work (office), billing, shipping or other';
COMMENT ON COLUMN @extschema@.customer_addresses.line1 IS 'First address line: street and number';
COMMENT ON COLUMN @extschema@.customer_addresses.line2 IS 'Second address line: building, floor, apartment';
COMMENT ON COLUMN @extschema@.customer_addresses.state IS 'State, province or region';
COMMENT ON COLUMN @extschema@.customer_addresses.country IS 'Country, preferably an ISO 3166-1 code';
COMMENT ON COLUMN @extschema@.customer_addresses.is_default IS
    'The customer''s default address; a unique partial index allows one per customer';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_addresses', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_addresses_id_seq', '');
COMMENT ON SEQUENCE @extschema@.customer_addresses_id_seq IS
    'Identity of customer_addresses.id; pg_dump saves its position (pg_extension_config_dump)';

-- ---------------------------------------------------------------------------
-- customer_preferences: communication settings and consent (one row per customer)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_preferences (
    customer_id                 bigint NOT NULL,

    -- notification channels (service messages)
    email_notifications         boolean NOT NULL DEFAULT true,
    sms_notifications           boolean NOT NULL DEFAULT true,
    whatsapp_notifications      boolean NOT NULL DEFAULT false,
    push_notifications          boolean NOT NULL DEFAULT false,

    -- marketing opt-ins
    marketing_email_opt_in      boolean NOT NULL DEFAULT false,
    marketing_sms_opt_in        boolean NOT NULL DEFAULT false,
    marketing_whatsapp_opt_in   boolean NOT NULL DEFAULT false,
    marketing_push_opt_in       boolean NOT NULL DEFAULT false,
    newsletter_subscribed       boolean NOT NULL DEFAULT false,
    subscriptions               text[] NOT NULL DEFAULT '{}',

    -- contact
    preferred_contact_method    text,
    preferred_contact_time      text,
    preferred_language          text,
    timezone                    text,

    -- GDPR
    gdpr_consent                boolean NOT NULL DEFAULT false,
    gdpr_consent_at             timestamptz,
    do_not_contact              boolean NOT NULL DEFAULT false,

    other_preferences           jsonb NOT NULL DEFAULT '{}',
    created_at                  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at                  timestamptz NOT NULL DEFAULT pg_catalog.now(),

    CONSTRAINT customer_preferences_pkey PRIMARY KEY (customer_id),
    CONSTRAINT customer_preferences_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    CONSTRAINT customer_preferences_preferred_contact_method_check
        CHECK (preferred_contact_method IN ('email', 'sms', 'whatsapp', 'phone', 'push', 'letter')),
    CONSTRAINT customer_preferences_other_preferences_check
        CHECK (pg_catalog.jsonb_typeof(other_preferences) = 'object')
);

COMMENT ON TABLE @extschema@.customer_preferences IS
    'Notification channels, marketing opt-ins, subscriptions, contact preferences and GDPR consent of each customer; one row per customer, distribute on customer_id';
COMMENT ON COLUMN @extschema@.customer_preferences.email_notifications IS
    'Service notifications (orders, account) by email; the *_notifications columns are per channel';
COMMENT ON COLUMN @extschema@.customer_preferences.marketing_email_opt_in IS
    'The customer opted in to marketing by email; the marketing_*_opt_in columns are per channel, all false by default';
COMMENT ON COLUMN @extschema@.customer_preferences.newsletter_subscribed IS 'Subscribed to the newsletter';
COMMENT ON COLUMN @extschema@.customer_preferences.subscriptions IS
    'Topics the customer subscribed to, e.g. {offers,new_arrivals}';
COMMENT ON COLUMN @extschema@.customer_preferences.preferred_contact_method IS
    'email, sms, whatsapp, phone, push or letter; NULL = no preference';
COMMENT ON COLUMN @extschema@.customer_preferences.preferred_contact_time IS
    'Preferred time to be contacted, e.g. 10:00-12:00 or evenings';
COMMENT ON COLUMN @extschema@.customer_preferences.preferred_language IS 'Language for communications, e.g. en, bn, de (BCP 47)';
COMMENT ON COLUMN @extschema@.customer_preferences.timezone IS 'IANA time zone of the customer, e.g. Asia/Dhaka, for contact times';
COMMENT ON COLUMN @extschema@.customer_preferences.gdpr_consent IS
    'Consent to processing of personal data as recorded with the preferences (customers.gdpr_consent is the profile flag)';
COMMENT ON COLUMN @extschema@.customer_preferences.gdpr_consent_at IS 'When the consent was given or last changed';
COMMENT ON COLUMN @extschema@.customer_preferences.do_not_contact IS
    'The customer must not be contacted by sales or marketing, whatever the other settings say';
COMMENT ON COLUMN @extschema@.customer_preferences.other_preferences IS
    'Further preferences as a JSON object, e.g. {"seating": "window", "dietary": ["vegetarian"]}';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_preferences', '');

-- ---------------------------------------------------------------------------
-- customer_segments: segment definitions (reference table)
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_segments (
    id                  bigint GENERATED BY DEFAULT AS IDENTITY,
    name                text NOT NULL,
    description         text,
    criteria            jsonb NOT NULL DEFAULT '{}',
    is_active           boolean NOT NULL DEFAULT true,
    is_dynamic          boolean NOT NULL DEFAULT false,
    member_count        integer NOT NULL DEFAULT 0,
    last_evaluated_at   timestamptz,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),

    CONSTRAINT customer_segments_pkey PRIMARY KEY (id),
    CONSTRAINT customer_segments_name_key UNIQUE (name),
    CONSTRAINT customer_segments_criteria_check
        CHECK (pg_catalog.jsonb_typeof(criteria) = 'object'),
    CONSTRAINT customer_segments_member_count_check CHECK (member_count >= 0)
);

COMMENT ON TABLE @extschema@.customer_segments IS
    'Customer segment definitions, static (members added by hand) or dynamic (members computed from JSON criteria); a reference table';
COMMENT ON COLUMN @extschema@.customer_segments.name IS 'Unique segment name';
COMMENT ON COLUMN @extschema@.customer_segments.criteria IS
    'Membership rules as a JSON object; {} matches nobody automatically. {"all": [...]} needs every condition, {"any": [...]} one of them; a condition is {"field": "<customers column>", "op": "=|<>|<|<=|>|>=|in|like", "value": ...}, {"rfm_segment": ["Champions", "VIP"]}, {"temperature": "hot"}, {"lifecycle_stage": ["loyal"]}, {"tags_any": ["vip"]}, {"tags_all": [...]} or {"lifetime_value": {"min": 1000, "max": 5000}}. Example: {"all": [{"field": "city", "op": "=", "value": "Berlin"}, {"rfm_segment": ["Champions", "VIP"]}, {"temperature": "hot"}, {"tags_any": ["vip"]}, {"lifetime_value": {"min": 1000, "max": 5000}}]}';
COMMENT ON COLUMN @extschema@.customer_segments.is_active IS 'Inactive segments are neither evaluated nor offered';
COMMENT ON COLUMN @extschema@.customer_segments.is_dynamic IS
    'Members are recomputed from criteria; otherwise they are added by hand';
COMMENT ON COLUMN @extschema@.customer_segments.member_count IS 'Number of members at the last evaluation';
COMMENT ON COLUMN @extschema@.customer_segments.last_evaluated_at IS 'When the members of a dynamic segment were last recomputed';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_segments', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_segments_id_seq', '');
COMMENT ON SEQUENCE @extschema@.customer_segments_id_seq IS
    'Identity of customer_segments.id; pg_dump saves its position (pg_extension_config_dump)';

-- ---------------------------------------------------------------------------
-- customer_segment_members: which customer is in which segment
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_segment_members (
    customer_id         bigint NOT NULL,
    segment_id          bigint NOT NULL,
    source              text NOT NULL DEFAULT 'manual',
    added_at            timestamptz NOT NULL DEFAULT pg_catalog.now(),

    CONSTRAINT customer_segment_members_pkey PRIMARY KEY (customer_id, segment_id),
    CONSTRAINT customer_segment_members_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    CONSTRAINT customer_segment_members_segment_id_fkey FOREIGN KEY (segment_id)
        REFERENCES @extschema@.customer_segments (id) ON DELETE CASCADE,
    CONSTRAINT customer_segment_members_source_check CHECK (source IN ('manual', 'criteria'))
);

CREATE INDEX customer_segment_members_segment_id_idx
    ON @extschema@.customer_segment_members (segment_id);

COMMENT ON TABLE @extschema@.customer_segment_members IS
    'Membership of customers in segments; distribute on customer_id (customer_segments is a reference table)';
COMMENT ON COLUMN @extschema@.customer_segment_members.source IS
    'manual (added by hand) or criteria (added by evaluating a dynamic segment; re-evaluation replaces only these)';
COMMENT ON COLUMN @extschema@.customer_segment_members.added_at IS 'When the customer joined the segment';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_segment_members', '');

-- ---------------------------------------------------------------------------
-- customer_tags: free tags on customers
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_tags (
    customer_id         bigint NOT NULL,
    id                  bigint GENERATED BY DEFAULT AS IDENTITY,
    tag                 text NOT NULL,
    color               text,
    created_by          text,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),

    CONSTRAINT customer_tags_pkey PRIMARY KEY (customer_id, id),
    CONSTRAINT customer_tags_customer_id_tag_key UNIQUE (customer_id, tag),
    CONSTRAINT customer_tags_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    CONSTRAINT customer_tags_tag_check CHECK (pg_catalog.btrim(tag, E' \t\n\r\f') <> '')
);

CREATE INDEX customer_tags_tag_idx ON @extschema@.customer_tags (tag);

COMMENT ON TABLE @extschema@.customer_tags IS
    'Free tags on customers, any number per customer, each tag once; distribute on customer_id';
COMMENT ON COLUMN @extschema@.customer_tags.tag IS 'The tag, e.g. vip; unique per customer, not empty';
COMMENT ON COLUMN @extschema@.customer_tags.color IS 'Display colour of the tag, e.g. #e11d48 or red';
COMMENT ON COLUMN @extschema@.customer_tags.created_by IS 'User who tagged the customer';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_tags', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_tags_id_seq', '');
COMMENT ON SEQUENCE @extschema@.customer_tags_id_seq IS
    'Identity of customer_tags.id; pg_dump saves its position (pg_extension_config_dump)';

-- ---------------------------------------------------------------------------
-- customer_notes: internal notes
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_notes (
    customer_id         bigint NOT NULL,
    id                  bigint GENERATED BY DEFAULT AS IDENTITY,
    title               text,
    content             text NOT NULL,
    note_type           text NOT NULL DEFAULT 'general',
    priority            text NOT NULL DEFAULT 'medium',
    is_pinned           boolean NOT NULL DEFAULT false,
    created_by          text,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),

    CONSTRAINT customer_notes_pkey PRIMARY KEY (customer_id, id),
    CONSTRAINT customer_notes_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    CONSTRAINT customer_notes_note_type_check
        CHECK (note_type IN ('general', 'internal', 'call', 'meeting', 'follow_up', 'reminder',
                             'complaint', 'compliment')),
    CONSTRAINT customer_notes_priority_check
        CHECK (priority IN ('low', 'medium', 'high', 'urgent'))
);

CREATE INDEX customer_notes_customer_id_created_at_idx
    ON @extschema@.customer_notes (customer_id, created_at DESC);

COMMENT ON TABLE @extschema@.customer_notes IS
    'Internal notes on customers, typed and prioritised, pinned notes first; distribute on customer_id';
COMMENT ON COLUMN @extschema@.customer_notes.title IS 'Optional headline of the note';
COMMENT ON COLUMN @extschema@.customer_notes.content IS 'Text of the note';
COMMENT ON COLUMN @extschema@.customer_notes.note_type IS
    'general, internal, call, meeting, follow_up, reminder, complaint or compliment';
COMMENT ON COLUMN @extschema@.customer_notes.priority IS 'low, medium, high or urgent';
COMMENT ON COLUMN @extschema@.customer_notes.is_pinned IS 'Pinned notes are shown first for quick access';
COMMENT ON COLUMN @extschema@.customer_notes.created_by IS 'User who wrote the note';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_notes', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_notes_id_seq', '');
COMMENT ON SEQUENCE @extschema@.customer_notes_id_seq IS
    'Identity of customer_notes.id; pg_dump saves its position (pg_extension_config_dump)';

-- ---------------------------------------------------------------------------
-- customer_communications: audit trail of messages to and from customers
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_communications (
    customer_id         bigint NOT NULL,
    id                  bigint GENERATED BY DEFAULT AS IDENTITY,
    communication_type  text,
    channel             text NOT NULL,
    direction           text NOT NULL DEFAULT 'outbound',
    subject             text,
    message             text,
    status              text NOT NULL DEFAULT 'pending',
    campaign            text,
    sent_at             timestamptz,
    delivered_at        timestamptz,
    opened_at           timestamptz,
    clicked_at          timestamptz,
    replied_at          timestamptz,
    metadata            jsonb,
    created_by          text,
    created_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),

    CONSTRAINT customer_communications_pkey PRIMARY KEY (customer_id, id),
    CONSTRAINT customer_communications_customer_id_fkey FOREIGN KEY (customer_id)
        REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    CONSTRAINT customer_communications_channel_check
        CHECK (channel IN ('email', 'sms', 'whatsapp', 'phone', 'chat', 'in_person', 'push',
                           'letter', 'social', 'other')),
    CONSTRAINT customer_communications_direction_check
        CHECK (direction IN ('inbound', 'outbound')),
    CONSTRAINT customer_communications_status_check
        CHECK (status IN ('pending', 'sent', 'delivered', 'opened', 'read', 'clicked', 'replied',
                          'bounced', 'failed'))
);

CREATE INDEX customer_communications_customer_id_sent_at_idx
    ON @extschema@.customer_communications (customer_id, sent_at DESC);

COMMENT ON TABLE @extschema@.customer_communications IS
    'Audit trail of every message to or from a customer on any channel, with delivery, open, click and reply tracking; replied / sent outbound messages give the health score''s communication_response; distribute on customer_id';
COMMENT ON COLUMN @extschema@.customer_communications.communication_type IS
    'Kind of message as the sending application classifies it, e.g. promotional, transactional, follow_up, support, survey';
COMMENT ON COLUMN @extschema@.customer_communications.channel IS
    'email, sms, whatsapp, phone, chat, in_person, push, letter, social or other';
COMMENT ON COLUMN @extschema@.customer_communications.direction IS 'inbound (from the customer) or outbound (to the customer)';
COMMENT ON COLUMN @extschema@.customer_communications.message IS 'Body of the message or summary of the conversation';
COMMENT ON COLUMN @extschema@.customer_communications.status IS
    'Delivery status, furthest stage reached: pending, sent, delivered, opened, read, clicked, replied, bounced or failed';
COMMENT ON COLUMN @extschema@.customer_communications.campaign IS 'Campaign the message belongs to, if any';
COMMENT ON COLUMN @extschema@.customer_communications.sent_at IS 'When the message was sent (or received, for inbound); NULL while pending';
COMMENT ON COLUMN @extschema@.customer_communications.delivered_at IS 'When delivery was confirmed';
COMMENT ON COLUMN @extschema@.customer_communications.opened_at IS 'When the message was first opened or read';
COMMENT ON COLUMN @extschema@.customer_communications.clicked_at IS 'When a link in the message was first clicked';
COMMENT ON COLUMN @extschema@.customer_communications.replied_at IS 'When the customer replied';
COMMENT ON COLUMN @extschema@.customer_communications.metadata IS
    'Free-form data of the sending system, e.g. provider message id';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_communications', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_communications_id_seq', '');
COMMENT ON SEQUENCE @extschema@.customer_communications_id_seq IS
    'Identity of customer_communications.id; pg_dump saves its position (pg_extension_config_dump)';

