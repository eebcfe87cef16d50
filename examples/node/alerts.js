'use strict';
// A LISTEN client for the extension's alerts.  Every alert that
// customer_alerts receives (a health or warmth drop, a fall into the lowest
// band, a valuable customer at risk, a lead turning burning) is published with
// pg_notify('customer_scoring_alerts', <the alert as JSON>) by the
// transaction that caused it, and PostgreSQL delivers it when that
// transaction commits: a rolled-back change sends nothing.
//
// LISTEN belongs to a session, so the listener holds one connection of its
// own (a pg.Client, not a pooled one; behind PgBouncer it needs session
// pooling).  The payload is a JSON object: customer_id, id, kind, severity,
// score_before, score_after, raised_at, details (details is left out when the
// payload would reach PostgreSQL's 8000-byte limit: read it from
// customer_alerts then).  Unlike node-postgres rows, numbers in it are JSON
// numbers, so 80.00 arrives as 80.
const { Client } = require('pg');

const CHANNEL = 'customer_scoring_alerts';

async function listenForAlerts(config = {}) {
    const client = new Client(config);   // PGHOST, PGPORT, ... from the environment
    const received = [];                 // every alert, in commit order
    const waiters = new Set();           // pending next() calls

    client.on('notification', (msg) => {
        if (msg.channel !== CHANNEL) return;
        const alert = JSON.parse(msg.payload);
        received.push(alert);
        for (const w of waiters) {
            if (w.match(alert)) {
                waiters.delete(w);
                clearTimeout(w.timer);
                w.resolve(alert);
            }
        }
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);

    return {
        received,
        // the next alert (or one already received) for which match(alert) is
        // true; rejects after timeoutMs
        next(match, timeoutMs = 5000) {
            const seen = received.find(match);
            if (seen) return Promise.resolve(seen);
            return new Promise((resolve, reject) => {
                const w = { match, resolve };
                w.timer = setTimeout(() => {
                    waiters.delete(w);
                    reject(new Error(`no matching alert on ${CHANNEL} within ${timeoutMs} ms`));
                }, timeoutMs);
                waiters.add(w);
            });
        },
        async close() {
            for (const w of waiters) clearTimeout(w.timer);
            waiters.clear();
            await client.end();
        },
    };
}

module.exports = { listenForAlerts, CHANNEL };
