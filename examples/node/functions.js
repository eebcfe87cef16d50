'use strict';
// The extension's SQL functions, called through node-postgres with named
// arguments (name => $n): the call says which argument is which, and an
// argument left out takes its SQL default.
//
// node-postgres returns jsonb as a parsed object, numeric and bigint as
// strings, integer as a number.  Inside jsonb every number is a JSON number,
// so JSON.parse turns 3100.50 into 3100.5 (and loses digits beyond 2^53):
// when the exact value matters, read the field as text with ->> in SQL.
const { Pool } = require('pg');

const pool = new Pool();   // PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD from the environment

async function one(sql, params = []) {
    const { rows } = await pool.query(sql, params);
    return rows[0];
}

// Score, level and probability that the customer_warmth trigger should have
// computed from a row's components.  The columns and the arguments differ in
// two names (decision_making_authority_score, past_purchase_behavior_score).
function compositeWarmth(w) {
    return one(`
        SELECT s AS score, warmth_level(s) AS level, purchase_probability(s) AS probability
        FROM calculate_composite_warmth_score(
                 engagement_score => $1, interaction_frequency_score => $2,
                 response_rate_score => $3, budget_qualification_score => $4,
                 timeline_urgency_score => $5, decision_authority_score => $6,
                 demographic_fit_score => $7, past_behavior_score => $8) AS s`,
        [w.engagement_score, w.interaction_frequency_score, w.response_rate_score,
         w.budget_qualification_score, w.timeline_urgency_score,
         w.decision_making_authority_score, w.demographic_fit_score,
         w.past_purchase_behavior_score]);
}

// The lead score the leads trigger should have computed from a lead's columns.
async function leadScore(lead, asOf = new Date()) {
    const row = await one(`
        SELECT calculate_lead_score(
                   qr_scans => $1, catalog_views => $2, messages => $3, has_voice => $4,
                   has_phone => $5, has_budget => $6, has_transaction_type => $7,
                   has_property_type => $8, has_location => $9, has_payment_method => $10,
                   last_activity => $11, as_of => $12) AS score`,
        [lead.qr_scan_count, lead.catalog_views, lead.messages_count, lead.has_voice_message,
         Boolean(lead.phone), lead.budget_min != null || lead.budget_max != null,
         Boolean(lead.transaction_type), Boolean(lead.property_type), Boolean(lead.location),
         Boolean(lead.payment_method), lead.last_activity_at, asOf]);
    return row.score;   // integer: a number
}

// rfm_score returns the composite type rfm.  node-postgres does not parse
// composites: "SELECT rfm_score(...)" would give the string
// '(5,2,4,524,11,"Potential Loyalists")'.  Expand it into columns with
// SELECT * FROM rfm_score(...) and map the row.  For a customer without
// purchases the function returns NULL, which expands to a row of NULLs.
async function rfmScore({ lastPurchase, purchaseCount, totalSpent, asOf = new Date() }) {
    const r = await one(`
        SELECT * FROM rfm_score(last_purchase => $1, purchase_count => $2,
                                total_spent => $3, as_of => $4)`,
        [lastPurchase, purchaseCount, totalSpent, asOf]);
    if (r.rfm_cell === null) return null;
    return {
        recency: r.recency_score,       // integers: numbers
        frequency: r.frequency_score,
        monetary: r.monetary_score,
        cell: r.rfm_cell,               // text, e.g. '524'
        total: r.rfm_total,
        segment: r.segment,             // enum rfm_segment: a string
    };
}

// GET /cdm/customer360/:customerId
function customer360(customerId) {
    return one(`SELECT customer_360(customer_id => $1) AS c,
                       customer_360(customer_id => $1) ->> 'lifetime_value' AS lifetime_value`,
               [customerId]);
}

// POST /cdm/interactions.  Pass JSON as a string with an explicit ::jsonb:
// node-postgres would turn a JS array into a PostgreSQL array, not JSON.
async function trackInteraction(customerId, interaction) {
    const row = await one('SELECT track_interaction(customer_id => $1, interaction => $2::jsonb) AS r',
                          [customerId, JSON.stringify(interaction)]);
    return row.r;
}

// GET /cdm/stats/dashboard
function dashboardStatistics() {
    return one(`SELECT d AS stats, d ->> 'total_lifetime_value' AS total_lifetime_value
                FROM dashboard_statistics() AS d`);
}

module.exports = {
    pool, one, compositeWarmth, leadScore, rfmScore, customer360, trackInteraction,
    dashboardStatistics,
};
