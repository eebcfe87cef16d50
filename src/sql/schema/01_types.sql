-- src/sql/schema/01_types.sql — enums and composite types.
-- Every enum sorts from worst to best, so ORDER BY level DESC puts the best first.

CREATE TYPE @extschema@.warmth_level AS ENUM
    ('ice_cold', 'cold', 'cool', 'lukewarm', 'warm', 'hot', 'scorching');
COMMENT ON TYPE @extschema@.warmth_level IS
    'Warmth band of a 0-100 purchase-likelihood score, coldest first';

CREATE TYPE @extschema@.engagement_type AS ENUM
    ('inquiry', 'website_visit', 'email_open', 'email_reply', 'phone_call',
     'chat_message', 'showroom_visit', 'test_drive', 'financing_inquiry',
     'trade_in_appraisal', 'quote_request', 'reservation', 'purchase',
     'unsubscribe');
COMMENT ON TYPE @extschema@.engagement_type IS
    'Kind of customer engagement event (car dealership)';

CREATE TYPE @extschema@.lead_temperature AS ENUM ('cold', 'warm', 'hot', 'burning');
COMMENT ON TYPE @extschema@.lead_temperature IS
    'Temperature band of a 0-100 lead score, coldest first';

CREATE TYPE @extschema@.rfm_segment AS ENUM
    ('Lost', 'At Risk', 'New Customers', 'Potential Loyalists',
     'Loyal Customers', 'VIP', 'Champions');
COMMENT ON TYPE @extschema@.rfm_segment IS
    'RFM customer segment, worst first';

CREATE TYPE @extschema@.rfm AS (
    recency_score   integer,
    frequency_score integer,
    monetary_score  integer,
    rfm_cell        text,
    rfm_total       integer,
    segment         @extschema@.rfm_segment
);
COMMENT ON TYPE @extschema@.rfm IS
    'Recency, frequency and monetary scores (1-5), their cell such as 545, total and segment';

CREATE TYPE @extschema@.health_level AS ENUM ('POOR', 'FAIR', 'GOOD', 'EXCELLENT');
COMMENT ON TYPE @extschema@.health_level IS 'Band of a 0-100 customer health score, worst first';

CREATE TYPE @extschema@.engagement_level AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'EXCEPTIONAL');
COMMENT ON TYPE @extschema@.engagement_level IS 'Band of a 0-100 engagement score, lowest first';

CREATE TYPE @extschema@.completeness_level AS ENUM ('BASIC', 'GOOD', 'EXCELLENT', 'COMPLETE');
COMMENT ON TYPE @extschema@.completeness_level IS 'Band of a 0-100 profile completeness percentage, lowest first';

CREATE TYPE @extschema@.customer_temperature AS ENUM ('cold', 'warm', 'hot');
COMMENT ON TYPE @extschema@.customer_temperature IS
    'Retail temperature from order recency and recent interactions, coldest first';

-- ---------------------------------------------------------------------------
-- customer lifecycle (CDM)
-- ---------------------------------------------------------------------------

CREATE TYPE @extschema@.lifecycle_stage AS ENUM
    ('lead', 'prospect', 'first_buyer', 'repeat_buyer', 'loyal', 'inactive');
COMMENT ON TYPE @extschema@.lifecycle_stage IS
    'Customer lifecycle stage, in journey order: lead, prospect, first_buyer, repeat_buyer, loyal, inactive (maintained by the orders trigger)';

CREATE TYPE @extschema@.customer_type AS ENUM ('new', 'repeat', 'vip', 'inactive');
COMMENT ON TYPE @extschema@.customer_type IS
    'Retail customer type: new, repeat, vip, inactive (maintained by the orders trigger; precedence inactive > vip > repeat > new)';

