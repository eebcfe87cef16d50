'use strict';
// The customer_scoring extension from Node.js: writes through Sequelize, reads
// views as models, calls SQL functions through node-postgres, and checks that
// the triggers kept every score current.  Each step is one test of node's
// built-in runner; run it with `npm test` (or `node --test main.js`).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
    sequelize, Customer, Order, Lead, CustomerWarmth, CustomerEngagementEvent,
    WarmthAnalytics, Customer360, AiCallRecommendation, WARMTH_LEVELS,
} = require('./models');
const fn = require('./functions');
const { listenForAlerts } = require('./alerts');

const DAY = 24 * 60 * 60 * 1000;
const ago = (ms) => new Date(Date.now() - ms);
const run = Date.now().toString(36);   // a run can repeat in the same database

let ana, ben, warmth;

before(async () => {
    await sequelize.authenticate();
});

after(async () => {
    await sequelize.close();
    await fn.pool.end();
});

test('connects with PGHOST, PGPORT, PGUSER and PGDATABASE', async () => {
    const ext = await fn.one(
        "SELECT extversion FROM pg_extension WHERE extname = 'customer_scoring'");
    assert.ok(ext, 'CREATE EXTENSION customer_scoring in this database first');
    const [[orm]] = await sequelize.query('SELECT current_database() AS db');
    assert.equal(orm.db, (await fn.one('SELECT current_database() AS db')).db);
});

test('creates customers through the ORM; the generated name is never written', async () => {
    ana = await Customer.create({
        first_name: 'Ana', last_name: 'Cruz', email: `ana.${run}@example.com`,
        available_time: '14:00-16:00',
    });
    // "name" is GENERATED ALWAYS: models.js drops it from the INSERT, and
    // RETURNING brings back what the database computed.
    ben = await Customer.create({
        first_name: 'Ben', last_name: 'Ortiz', name: 'not written', do_not_contact: true,
    });
    assert.equal(ana.name, 'Ana Cruz');
    assert.equal(ben.name, 'Ben Ortiz');
    assert.equal(typeof ana.id, 'string');          // bigint ids arrive as strings
    assert.equal(ana.lifecycle_stage, 'lead');      // column defaults, via RETURNING
    assert.equal(ana.customer_type, 'new');
    assert.equal(ana.total_orders, 0);
    assert.equal(ana.lifetime_value, '0.00');
});

test('a warmth row created through the ORM is scored by the trigger', async (t) => {
    await CustomerWarmth.create({
        customer_id: ana.id,
        engagement_score: 10,
        budget_qualification_score: 85,
        timeline_urgency_score: 70,
        decision_making_authority_score: 75,
    });
    warmth = await CustomerWarmth.findByPk(ana.id);
    const expected = await fn.compositeWarmth(warmth);
    assert.equal(warmth.overall_warmth_score, expected.score);   // '56.92' === '56.92'
    assert.equal(warmth.warmth_level, expected.level);           // 'lukewarm'
    assert.equal(warmth.purchase_probability, expected.probability);
    assert.equal(warmth.overall_warmth_score, '56.92');
    assert.equal(warmth.warmth_level, 'lukewarm');
    assert.equal(warmth.confidence_level, '65.00');   // 4 of 8 components, 65% of the weight
    const history = await fn.one(
        'SELECT change_trigger FROM customer_warmth_history WHERE customer_id = $1', [ana.id]);
    assert.equal(history.change_trigger, 'insert');
    t.diagnostic(`${ana.name}: warmth ${warmth.overall_warmth_score} (${warmth.warmth_level})`);
});

test('an engagement event inserted through the ORM moves the warmth row', async (t) => {
    const before = warmth.overall_warmth_score;
    const event = await CustomerEngagementEvent.create({
        customer_id: ana.id, engagement_type: 'test_drive', channel: 'showroom',
    });
    assert.equal(event.meaningful, true);   // the trigger's default for a test drive
    await warmth.reload();
    assert.equal(warmth.engagement_score, '25.00');   // the test_drive rule: 25 points
    assert.equal(warmth.total_interactions, 1);
    assert.equal(warmth.meaningful_interactions, 1);
    assert.equal(warmth.last_engagement_type, 'test_drive');
    const expected = await fn.compositeWarmth(warmth);
    assert.equal(warmth.overall_warmth_score, expected.score);
    assert.equal(warmth.overall_warmth_score, '61.54');
    assert.equal(warmth.warmth_level, 'warm');
    const { rows } = await fn.pool.query(
        `SELECT change_trigger, previous_score, warmth_score_snapshot, engagement_event_id
         FROM customer_warmth_history WHERE customer_id = $1 ORDER BY id`, [ana.id]);
    assert.deepEqual(rows.map((h) => h.change_trigger), ['insert', 'test_drive']);
    assert.equal(rows[1].previous_score, before);
    assert.equal(rows[1].warmth_score_snapshot, '61.54');
    assert.equal(rows[1].engagement_event_id, event.id);
    t.diagnostic(`after the test drive: ${before} -> ${warmth.overall_warmth_score} (${warmth.warmth_level})`);
});

test('a lead created through the ORM gets its score from the trigger', async (t) => {
    // The example of the lead-scoring specification: 12 + 35 + 20 = 67, hot.
    const lead = await Lead.create({
        name: 'Layla Haddad', phone: '+971 50 000 0000', budget_max: '2500000.00',
        transaction_type: 'buy', property_type: 'apartment', location: 'Dubai Marina',
        has_voice_message: true, qr_scan_count: 1, catalog_views: 1, messages_count: 2,
        last_activity_at: ago(5 * 60 * 1000),
        lead_score: 100,              // ignored: computed by the database
    });
    await lead.reload();
    assert.equal(lead.lead_score, 67);
    assert.equal(lead.temperature, 'hot');
    assert.equal(lead.total_interactions, 4);
    assert.equal(await fn.leadScore(lead), lead.lead_score);
    t.diagnostic(`lead ${lead.name}: ${lead.lead_score} (${lead.temperature})`);
});

test('orders created through the ORM update the customer through the trigger', async () => {
    await Order.create({ customer_id: ana.id, total_amount: '1200.15', ordered_at: ago(45 * DAY) });
    await ana.reload();
    assert.equal(ana.total_orders, 1);
    assert.equal(ana.lifetime_value, '1200.15');
    assert.equal(ana.lifecycle_stage, 'first_buyer');
    assert.equal(ana.customer_type, 'new');

    // bulkCreate lists every column any row sets, and sends NULL (not DEFAULT)
    // for a row that leaves one out: give every row its status.
    const lastOrderAt = ago(10 * DAY);
    await Order.bulkCreate([
        { customer_id: ana.id, total_amount: '900.20', ordered_at: ago(30 * DAY), status: 'completed' },
        { customer_id: ana.id, total_amount: '1000.15', ordered_at: lastOrderAt, status: 'completed' },
        { customer_id: ana.id, total_amount: '300.00', ordered_at: ago(5 * DAY), status: 'cancelled' },
    ]);
    await ana.reload();
    assert.equal(ana.total_orders, 3);                 // only completed orders count
    assert.equal(ana.lifetime_value, '3100.50');
    assert.equal(ana.lifecycle_stage, 'repeat_buyer');
    assert.equal(ana.customer_type, 'repeat');
    assert.equal(ana.last_order_at.getTime(), lastOrderAt.getTime());
});

test('rfm_score: the composite rfm mapped to a JS object', async () => {
    const rfm = await fn.rfmScore({
        lastPurchase: ana.last_order_at, purchaseCount: ana.total_orders,
        totalSpent: ana.lifetime_value, asOf: new Date(),
    });
    assert.deepEqual(rfm, {
        recency: 5, frequency: 2, monetary: 4, cell: '524', total: 11,
        segment: 'Potential Loyalists',
    });
    // The README's example, and a customer who never bought (NULL)
    assert.equal((await fn.rfmScore({ lastPurchase: ago(20 * DAY), purchaseCount: 8,
                                      totalSpent: 3100 })).segment, 'Champions');
    assert.equal(await fn.rfmScore({ lastPurchase: null, purchaseCount: 0, totalSpent: 0 }), null);
    // Selected as one value, a composite arrives as unparsed text
    const raw = await fn.one(`SELECT rfm_score(last_purchase => now(), purchase_count => 1,
                                               total_spent => 10) AS r`);
    assert.equal(typeof raw.r, 'string');
});

test('views read as models: warmth_analytics, customer_360_view, ai_call_recommendations', async (t) => {
    await fn.one('SELECT refresh_rfm_scores()');   // fills customer_rfm_scores for the 360 view

    const wa = await WarmthAnalytics.findByPk(ana.id);
    assert.equal(wa.customer_name, 'Ana Cruz');
    assert.equal(wa.overall_warmth_score, warmth.overall_warmth_score);
    assert.equal(wa.warmth_level, 'warm');
    assert.equal(wa.last_engagement_type, 'test_drive');
    assert.equal(wa.days_since_last_interaction, 0);
    assert.equal(wa.engagement_status, 'Recent');

    const c360 = await Customer360.findByPk(ana.id);
    assert.equal(c360.customer_name, 'Ana Cruz');
    assert.equal(c360.total_orders, 3);
    assert.equal(c360.lifetime_value, '3100.50');
    assert.equal(c360.avg_order_value, '1033.50');
    assert.equal(c360.lifecycle_stage, 'repeat_buyer');
    assert.equal(c360.customer_type, 'repeat');
    assert.equal(c360.customer_temperature, 'hot');    // ordered within 30 days
    assert.equal(c360.days_since_last_order, 10);
    assert.equal(c360.warmth_level, 'warm');
    assert.equal(c360.rfm_cell, '524');
    assert.equal(c360.rfm_segment, 'Potential Loyalists');
    assert.equal(c360.total_interactions, '0');        // count(*) is bigint: a string

    const calls = await AiCallRecommendation.findAll({ where: { customer_id: [ana.id, ben.id] } });
    assert.deepEqual(calls.map((c) => c.customer_name), ['Ana Cruz']);   // Ben: do_not_contact
    const [call] = calls;
    assert.equal(call.customer_temperature, 'hot');
    assert.equal(call.call_priority_score, 6);         // hot 6, no lifetime-value tier reached
    assert.equal(call.offer_type, 'Premium product upsell');
    assert.equal(call.next_action, 'Send a WhatsApp follow-up this week');
    assert.equal(call.best_call_time, '14:00-16:00');  // her available_time, no calls yet

    await assert.rejects(WarmthAnalytics.create({ customer_id: ana.id }), /read-only view/);
    t.diagnostic(`call ${call.customer_name} at ${call.best_call_time}: ${call.next_action}`);
});

test('JSON API: track_interaction, customer_360, dashboard_statistics', async () => {
    // camelCase keys of the original request bodies work as well as column names
    const interaction = await fn.trackInteraction(ana.id, {
        interactionType: 'call', interactionDirection: 'outbound', channel: 'phone',
        subject: 'After the test drive', outcome: 'interested', durationSeconds: 300,
    });
    assert.equal(interaction.customer_id, Number(ana.id));   // in JSON, bigint is a number
    assert.equal(interaction.interaction_type, 'call');
    assert.equal(interaction.duration_seconds, 300);

    const { c, lifetime_value } = await fn.customer360(ana.id);
    assert.equal(c.customer_name, 'Ana Cruz');
    assert.equal(c.total_interactions, 1);
    assert.equal(c.total_calls, 1);
    assert.equal(c.lifecycle_stage, 'repeat_buyer');
    assert.equal(c.warmth_level, 'warm');
    assert.equal(c.rfm_segment, 'Potential Loyalists');
    assert.equal(c.lifetime_value, 3100.5);        // a JSON number: the trailing zero is gone
    assert.equal(lifetime_value, '3100.50');       // ->> keeps the exact text
    assert.equal((await fn.customer360(-1)).c, null);   // unknown customer: NULL

    const { stats, total_lifetime_value } = await fn.dashboardStatistics();
    assert.equal(stats.total_customers, await Customer.count());
    // every level is there; jsonb keeps no key order (it sorts keys by length)
    assert.deepEqual(Object.keys(stats.warmth_levels).sort(), [...WARMTH_LEVELS].sort());
    const warmRows = await CustomerWarmth.count({ where: { is_active: true, warmth_level: 'warm' } });
    assert.equal(stats.warmth_levels.warm, warmRows);
    assert.ok(stats.warmth_levels.warm >= 1);
    const [[sum]] = await sequelize.query('SELECT sum(lifetime_value)::text AS s FROM customers');
    assert.equal(total_lifetime_value, sum.s);
});

test('numeric: compare the strings, use Number only for display', async (t) => {
    const orders = await Order.findAll({ where: { customer_id: ana.id, status: 'completed' } });
    const amounts = orders.map((o) => o.total_amount);     // ['1200.15', '900.20', '1000.15']
    const floatSum = amounts.reduce((s, a) => s + Number(a), 0);
    assert.notEqual(floatSum, 3100.5);                     // 3100.5000000000005 in binary floating point
    assert.equal(ana.lifetime_value, '3100.50');           // the trigger summed in numeric: exact
    const display = Number(ana.lifetime_value).toLocaleString('en-US', { style: 'currency', currency: 'USD' });
    assert.equal(display, '$3,100.50');
    t.diagnostic(`lifetime value ${display}; JS float sum of the orders ${floatSum}`);
});

// ---- alerts: LISTEN on one connection, changes committed on another --------

// A customer with a warmth row whose only known component is engagement, so
// that the overall score is that component.
async function warmCustomer(name, engagement) {
    const { id } = await fn.one(
        `INSERT INTO customers (first_name, last_name) VALUES ($1, $2) RETURNING id`,
        [name, `Alert ${run}`]);
    await fn.pool.query(
        'INSERT INTO customer_warmth (customer_id, engagement_score) VALUES ($1, $2)', [id, engagement]);
    return id;
}

// UPDATE the engagement in a transaction of its own connection; end it with
// COMMIT or ROLLBACK, optionally running check() before that.
async function setEngagement(id, engagement, end = 'COMMIT', check = async () => {}) {
    const client = await fn.pool.connect();
    try {
        await client.query('BEGIN');
        await client.query(
            'UPDATE customer_warmth SET engagement_score = $2 WHERE customer_id = $1', [id, engagement]);
        await check();
        await client.query(end);
    } finally {
        client.release();
    }
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

test('alerts: a LISTEN client receives the alert of a change committed by another connection', async (t) => {
    const listener = await listenForAlerts();
    try {
        const id = await warmCustomer('Dora', 80);
        const mine = (kind) => (a) => String(a.customer_id) === id && a.kind === kind;
        // a drop of 70 (>= alert_warmth_drop, 20) from hot to ice_cold; the
        // alert exists in the open transaction, but nothing is delivered yet
        await setEngagement(id, 10, 'COMMIT', async () => {
            await sleep(300);
            assert.equal(listener.received.filter((a) => String(a.customer_id) === id).length, 0,
                'nothing is delivered before COMMIT');
        });
        const drop = await listener.next(mine('warmth_drop'), 5000);
        assert.equal(drop.severity, 'medium');
        assert.equal(drop.score_before, 80);              // JSON numbers: 80.00 arrives as 80
        assert.equal(drop.score_after, 10);
        assert.deepEqual(drop.details,
            { drop: 70, threshold: 20, level_before: 'hot', level_after: 'ice_cold' });
        assert.ok(Number.isInteger(drop.id) && drop.id > 0);
        assert.ok(Math.abs(Date.now() - Date.parse(drop.raised_at)) < 60 * 1000, 'raised_at is now');
        // the payload is the alert row
        const row = await fn.one(
            `SELECT id, kind, severity, score_before::text, score_after::text
             FROM customer_alerts WHERE customer_id = $1 AND id = $2`, [id, drop.id]);
        assert.deepEqual(row, { id: String(drop.id), kind: 'warmth_drop', severity: 'medium',
                                score_before: '80.00', score_after: '10.00' });
        const iceCold = await listener.next(mine('warmth_ice_cold'), 5000);
        assert.equal(iceCold.severity, 'medium');
        t.diagnostic(`received ${JSON.stringify(drop)}`);
    } finally {
        await listener.close();
    }
});

test('alerts: a rolled-back change delivers nothing', async () => {
    const listener = await listenForAlerts();
    try {
        const rolledBack = await warmCustomer('Eli', 80);
        const sentinel = await warmCustomer('Fay', 80);
        await setEngagement(rolledBack, 10, 'ROLLBACK');
        // notifications arrive in commit order: once the alert of a change
        // committed after the rollback is here, anything of the rolled-back
        // change would have arrived before it
        await setEngagement(sentinel, 10, 'COMMIT');
        await listener.next((a) => String(a.customer_id) === sentinel && a.kind === 'warmth_drop', 5000);
        assert.deepEqual(listener.received.filter((a) => String(a.customer_id) === rolledBack), []);
        const { n } = await fn.one(
            'SELECT count(*)::int AS n FROM customer_alerts WHERE customer_id = $1', [rolledBack]);
        assert.equal(n, 0);
    } finally {
        await listener.close();
    }
});

test('alerts: acknowledge_alert and open_alerts', async () => {
    const id = await warmCustomer('Gus', 90);
    await setEngagement(id, 60);
    const { alert_id } = await fn.one(
        `SELECT id AS alert_id FROM open_alerts(NULL) WHERE customer_id = $1 AND kind = 'warmth_drop'`, [id]);
    assert.ok(alert_id);
    assert.equal((await fn.one('SELECT acknowledge_alert($1, $2) AS ok', [id, alert_id])).ok, true);
    assert.equal((await fn.one('SELECT acknowledge_alert($1, $2) AS ok', [id, alert_id])).ok, false);
    const { n } = await fn.one(
        'SELECT count(*)::int AS n FROM open_alerts(NULL) WHERE customer_id = $1', [id]);
    assert.equal(n, 0);
});
