'use strict';
// Sequelize models over the tables and views of the customer_scoring extension.
//
// The extension owns the schema: no sync(), no migrations here.  Each model
// names its table exactly (freezeTableName) and lets the database fill
// created_at / updated_at (timestamps: false).  A model declares the columns
// this example uses; the tables and views have more.
//
// Types as node-postgres returns them (Sequelize passes them through):
//   numeric / DECIMAL -> string  ('73.50'; exact, see main.js for the idiom)
//   bigint  / BIGINT  -> string  (ids: '1', and count(*) columns of the views)
//   integer           -> number
//   enum              -> string  ('warm', 'repeat_buyer', ...)
//   timestamptz       -> Date
const { Sequelize, DataTypes, Model } = require('sequelize');

const env = process.env;
const sequelize = new Sequelize(env.PGDATABASE || env.PGUSER, env.PGUSER, env.PGPASSWORD, {
    dialect: 'postgres',
    host: env.PGHOST,          // a socket directory (/tmp/...) works as well as a host name
    port: env.PGPORT,
    logging: env.SQL_LOG ? console.log : false,
    define: { freezeTableName: true, timestamps: false },
});

// Enum labels, in the order of the extension's types (src/sql/01_types.sql,
// 20_tables_core.sql).  Sequelize only validates them; the database has the types.
const WARMTH_LEVELS = ['ice_cold', 'cold', 'cool', 'lukewarm', 'warm', 'hot', 'scorching'];
const LEAD_TEMPERATURES = ['cold', 'warm', 'hot', 'burning'];
const CUSTOMER_TEMPERATURES = ['cold', 'warm', 'hot'];
const LIFECYCLE_STAGES = ['lead', 'prospect', 'first_buyer', 'repeat_buyer', 'loyal', 'inactive'];
const CUSTOMER_TYPES = ['new', 'repeat', 'vip', 'inactive'];
const ENGAGEMENT_TYPES = ['inquiry', 'website_visit', 'email_open', 'email_reply', 'phone_call',
    'chat_message', 'showroom_visit', 'test_drive', 'financing_inquiry', 'trade_in_appraisal',
    'quote_request', 'reservation', 'purchase', 'unsubscribe'];

// Columns the database computes: generated columns (PostgreSQL rejects any
// value for them) and columns a trigger overwrites.  Sequelize has no
// read-only attribute, so drop them from every INSERT / UPDATE; their values
// come back through RETURNING and reload().
function computedByDatabase(model, columns) {
    const strip = (options) => {
        if (options.fields) options.fields = options.fields.filter((f) => !columns.includes(f));
    };
    model.addHook('beforeSave', (_instance, options) => strip(options));
    model.addHook('beforeBulkCreate', (_instances, options) => strip(options));
    model.addHook('beforeBulkUpdate', (options) => strip(options));
}

// Views are for reading: any write through their model fails before SQL is sent.
function readOnlyView(model) {
    const refuse = () => { throw new Error(`${model.name} is a read-only view`); };
    for (const hook of ['beforeCreate', 'beforeUpdate', 'beforeDestroy', 'beforeUpsert',
                        'beforeBulkCreate', 'beforeBulkUpdate', 'beforeBulkDestroy']) {
        model.addHook(hook, refuse);
    }
}

const money = DataTypes.DECIMAL(12, 2);
const score = DataTypes.DECIMAL(5, 2);

// ---- tables -----------------------------------------------------------------

class Customer extends Model {}
Customer.init({
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },   // identity
    first_name: DataTypes.TEXT,
    last_name: DataTypes.TEXT,
    name: DataTypes.TEXT,                   // GENERATED ALWAYS AS (first_name || ' ' || last_name)
    email: DataTypes.TEXT,
    phone: DataTypes.TEXT,
    city: DataTypes.TEXT,
    available_time: DataTypes.TEXT,
    do_not_contact: DataTypes.BOOLEAN,
    // kept by the orders trigger
    customer_type: DataTypes.ENUM(...CUSTOMER_TYPES),
    lifecycle_stage: DataTypes.ENUM(...LIFECYCLE_STAGES),
    total_orders: DataTypes.INTEGER,
    lifetime_value: money,
    total_spent: money,                     // GENERATED ALWAYS AS (lifetime_value)
    first_order_at: DataTypes.DATE,
    last_order_at: DataTypes.DATE,
    created_at: DataTypes.DATE,
}, { sequelize, modelName: 'Customer', tableName: 'customers' });
computedByDatabase(Customer, ['name', 'total_spent', 'customer_type', 'lifecycle_stage',
    'total_orders', 'lifetime_value', 'first_order_at', 'last_order_at']);

class Order extends Model {}
Order.init({
    customer_id: { type: DataTypes.BIGINT, primaryKey: true },   // primary key (customer_id, id)
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    order_number: DataTypes.TEXT,
    ordered_at: DataTypes.DATE,
    total_amount: { type: money, allowNull: false },
    status: DataTypes.TEXT,                 // pending, completed, cancelled, refunded
    channel: DataTypes.TEXT,
}, { sequelize, modelName: 'Order', tableName: 'orders' });

class Lead extends Model {}
Lead.init({
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    name: DataTypes.TEXT,
    phone: DataTypes.TEXT,
    email: DataTypes.TEXT,
    budget_min: money,
    budget_max: money,
    transaction_type: DataTypes.TEXT,
    property_type: DataTypes.TEXT,
    location: DataTypes.TEXT,
    payment_method: DataTypes.TEXT,
    has_voice_message: DataTypes.BOOLEAN,
    qr_scan_count: DataTypes.INTEGER,
    catalog_views: DataTypes.INTEGER,
    messages_count: DataTypes.INTEGER,
    last_activity_at: DataTypes.DATE,
    // set by the leads_before trigger
    total_interactions: DataTypes.INTEGER,
    lead_score: DataTypes.INTEGER,
    temperature: DataTypes.ENUM(...LEAD_TEMPERATURES),
}, { sequelize, modelName: 'Lead', tableName: 'leads' });
computedByDatabase(Lead, ['total_interactions', 'lead_score', 'temperature']);

class CustomerWarmth extends Model {}
CustomerWarmth.init({
    customer_id: { type: DataTypes.BIGINT, primaryKey: true },   // one row per customer
    // the eight components; NULL = unknown
    engagement_score: score,
    interaction_frequency_score: score,
    response_rate_score: score,
    budget_qualification_score: score,
    timeline_urgency_score: score,
    decision_making_authority_score: score,
    demographic_fit_score: score,
    past_purchase_behavior_score: score,
    // set by the customer_warmth_before / engagement-event triggers
    overall_warmth_score: score,
    warmth_level: DataTypes.ENUM(...WARMTH_LEVELS),
    purchase_probability: score,
    confidence_level: score,
    total_interactions: DataTypes.INTEGER,
    meaningful_interactions: DataTypes.INTEGER,
    last_engagement_type: DataTypes.ENUM(...ENGAGEMENT_TYPES),
    last_engagement_date: DataTypes.DATE,
    is_active: DataTypes.BOOLEAN,
}, { sequelize, modelName: 'CustomerWarmth', tableName: 'customer_warmth' });
computedByDatabase(CustomerWarmth, ['overall_warmth_score', 'warmth_level', 'purchase_probability',
    'confidence_level']);

class CustomerEngagementEvent extends Model {}
CustomerEngagementEvent.init({
    customer_id: { type: DataTypes.BIGINT, primaryKey: true },   // primary key (customer_id, id)
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    engagement_type: { type: DataTypes.ENUM(...ENGAGEMENT_TYPES), allowNull: false },
    occurred_at: DataTypes.DATE,
    meaningful: DataTypes.BOOLEAN,          // NULL = the trigger's default for the type
    channel: DataTypes.TEXT,
    notes: DataTypes.TEXT,
}, { sequelize, modelName: 'CustomerEngagementEvent', tableName: 'customer_engagement_events' });

// ---- views (read-only) ------------------------------------------------------

class WarmthAnalytics extends Model {}
WarmthAnalytics.init({
    customer_id: { type: DataTypes.BIGINT, primaryKey: true },
    customer_name: DataTypes.TEXT,
    email: DataTypes.TEXT,
    overall_warmth_score: score,
    warmth_level: DataTypes.ENUM(...WARMTH_LEVELS),
    purchase_probability: score,
    engagement_score: score,
    confidence_level: score,
    total_interactions: DataTypes.INTEGER,
    last_engagement_type: DataTypes.ENUM(...ENGAGEMENT_TYPES),
    days_since_last_interaction: DataTypes.INTEGER,
    engagement_status: DataTypes.TEXT,      // Never Engaged, Recent, Active, Dormant, At Risk
}, { sequelize, modelName: 'WarmthAnalytics', tableName: 'warmth_analytics' });
readOnlyView(WarmthAnalytics);

class Customer360 extends Model {}
Customer360.init({
    customer_id: { type: DataTypes.BIGINT, primaryKey: true },
    customer_name: DataTypes.TEXT,
    email: DataTypes.TEXT,
    customer_type: DataTypes.ENUM(...CUSTOMER_TYPES),
    lifecycle_stage: DataTypes.ENUM(...LIFECYCLE_STAGES),
    customer_temperature: DataTypes.ENUM(...CUSTOMER_TEMPERATURES),
    lifetime_value: money,
    total_orders: DataTypes.INTEGER,
    avg_order_value: DataTypes.DECIMAL,
    last_order_at: DataTypes.DATE,
    days_since_last_order: DataTypes.INTEGER,
    total_interactions: DataTypes.BIGINT,   // count(*): bigint, so a string
    total_calls: DataTypes.BIGINT,
    overall_warmth_score: score,
    warmth_level: DataTypes.ENUM(...WARMTH_LEVELS),
    purchase_probability: score,
    rfm_cell: DataTypes.TEXT,
    rfm_segment: DataTypes.TEXT,            // NULL until refresh_rfm_scores() has run
    health_score: score,
}, { sequelize, modelName: 'Customer360', tableName: 'customer_360_view' });
readOnlyView(Customer360);

class AiCallRecommendation extends Model {}
AiCallRecommendation.init({
    customer_id: { type: DataTypes.BIGINT, primaryKey: true },
    customer_name: DataTypes.TEXT,
    phone: DataTypes.TEXT,
    customer_temperature: DataTypes.ENUM(...CUSTOMER_TEMPERATURES),
    lifetime_value: money,
    call_priority_score: DataTypes.INTEGER, // 1-10
    offer_type: DataTypes.TEXT,
    best_call_time: DataTypes.TEXT,
    recommended_products: DataTypes.TEXT,
    next_action: DataTypes.TEXT,
    recent_dropoff: DataTypes.BOOLEAN,
}, { sequelize, modelName: 'AiCallRecommendation', tableName: 'ai_call_recommendations' });
readOnlyView(AiCallRecommendation);

module.exports = {
    sequelize, Customer, Order, Lead, CustomerWarmth, CustomerEngagementEvent,
    WarmthAnalytics, Customer360, AiCallRecommendation, WARMTH_LEVELS,
};
