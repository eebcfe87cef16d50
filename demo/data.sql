-- demo/data.sql — a deterministic demo data set: the same customers, scores
-- and events on every run, on one node or on a Citus cluster.
--
-- Nothing stored here comes from random() or the clock: the "random" values
-- are hashes of the row's ids, u(key) = (hashint8(key) + 2^31) / 2^32 in
-- [0, 1), and every time is relative to the reference instant :demo_now
-- (set it with psql -v demo_now='...' to move the data set in time).  What
-- the extension's triggers compute at write time (warmth and engagement
-- scores, customer totals, loyalty stamps) still depends on the transaction's
-- clock; the refreshes at the end run as of :demo_now.
--
-- Every statement is one Citus can plan on distributed tables: no volatile
-- function, no LATERAL or correlated subquery in INSERT ... SELECT, and the
-- fan-out is a join with a constant generate_series.  Rows of one customer
-- are inserted in a fixed order (ORDER BY), which the triggers' history and
-- running totals depend on.
\if :{?demo_now}
\else
\set demo_now '2026-12-01 12:00:00+00'
\endif

INSERT INTO customers (first_name, last_name, email, phone, city, source, created_at)
SELECT (ARRAY['Ana','Ben','Chloe','Dario','Elif','Farid','Grace','Hiro','Ines','Jonas',
              'Kemal','Lena','Marta','Nadia','Omar','Priya','Quentin','Rosa','Sami','Tara'])[1 + (i * 7) % 20],
       (ARRAY['Cruz','Lee','Novak','Rossi','Yilmaz','Haddad','Kim','Sato','Silva','Berg',
              'Demir','Fischer','Costa','Ali','Nasser','Rao','Moreau','Diaz','Khan','Walsh'])[1 + (i / 20 + i * 3) % 20],
       'customer' || i || '@example.com',
       '+1-555-' || lpad(i::text, 4, '0'),
       (ARRAY['Lisbon','Berlin','Dubai','Manila','Austin'])[1 + i % 5],
       (ARRAY['website','referral','showroom','marketplace'])[1 + i % 4],
       :'demo_now'::timestamptz - (200 + i % 400) * interval '1 day'
FROM generate_series(1, 2000) AS i
ORDER BY i;

-- Warmth components a salesperson has assessed; some unknown (NULL).
INSERT INTO customer_warmth (customer_id, interaction_frequency_score, response_rate_score,
                             budget_qualification_score, timeline_urgency_score,
                             decision_making_authority_score, demographic_fit_score,
                             past_purchase_behavior_score, predicted_purchase_value,
                             predicted_purchase_date, interested_vehicle_types, first_contact_at)
SELECT id,
       round(100 * (hashint8(id * 16 + 1)::bigint + 2147483648) / 4294967296.0, 2),
       round(100 * (hashint8(id * 16 + 2)::bigint + 2147483648) / 4294967296.0, 2),
       CASE WHEN (hashint8(id * 16 + 3)::bigint + 2147483648) / 4294967296.0 < 0.9
            THEN round(100 * (hashint8(id * 16 + 4)::bigint + 2147483648) / 4294967296.0, 2) END,
       round(100 * (hashint8(id * 16 + 5)::bigint + 2147483648) / 4294967296.0, 2),
       CASE WHEN (hashint8(id * 16 + 6)::bigint + 2147483648) / 4294967296.0 < 0.8
            THEN round(100 * (hashint8(id * 16 + 7)::bigint + 2147483648) / 4294967296.0, 2) END,
       round(100 * (hashint8(id * 16 + 8)::bigint + 2147483648) / 4294967296.0, 2),
       CASE WHEN (hashint8(id * 16 + 9)::bigint + 2147483648) / 4294967296.0 < 0.7
            THEN round(100 * (hashint8(id * 16 + 10)::bigint + 2147483648) / 4294967296.0, 2) END,
       round(20000 + 60000 * (hashint8(id * 16 + 11)::bigint + 2147483648) / 4294967296.0, -2),
       (:'demo_now'::timestamptz
        + floor(121 * (hashint8(id * 16 + 12)::bigint + 2147483648) / 4294967296.0) * interval '1 day')::date,
       CASE id % 3 WHEN 0 THEN ARRAY['suv','sedan'] WHEN 1 THEN ARRAY['pickup','suv']
                   ELSE ARRAY['hatchback','ev'] END,
       created_at
FROM customers
ORDER BY id;

-- Engagement events over the 120 days before :demo_now; the triggers score
-- them.  One to six events a customer (g), none for every tenth customer.
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at, channel)
SELECT c.id,
       (pg_catalog.enum_range(NULL::engagement_type))
           [1 + floor(13 * (hashint8(c.id * 64 + g * 8 + 1)::bigint + 2147483648) / 4294967296.0)::int],
       :'demo_now'::timestamptz
           - floor(120 * (hashint8(c.id * 64 + g * 8 + 2)::bigint + 2147483648) / 4294967296.0) * interval '1 day'
           - (c.id % 8) * interval '1 hour',
       CASE c.id % 4 WHEN 0 THEN 'web' WHEN 1 THEN 'phone' WHEN 2 THEN 'showroom' ELSE 'email' END
FROM customers c
JOIN generate_series(1, 6) AS g ON g <= 1 + c.id % 6
WHERE c.id % 10 <> 0
ORDER BY c.id, g;

-- Warmth history imported from the previous CRM, for the 30-day trend.
INSERT INTO customer_warmth_history (customer_id, customer_warmth_id, warmth_score_snapshot,
                                     warmth_level_snapshot, change_trigger, created_at)
SELECT customer_id, warmth_id, score, warmth_level(score), 'import',
       :'demo_now'::timestamptz - d * interval '1 day'
FROM (SELECT w.customer_id, w.id AS warmth_id, d,
             greatest(0, least(100, round(w.overall_warmth_score - d * 0.6 - 3
                 + 6 * (hashint8(w.customer_id * 64 + d)::bigint + 2147483648) / 4294967296.0, 2))) AS score
      FROM customer_warmth w
      JOIN generate_series(3, 30, 3) AS d ON true
      WHERE w.overall_warmth_score IS NOT NULL) AS s
ORDER BY customer_id, d;

-- Orders over the two years before :demo_now, more of them recent: zero to
-- twelve a customer (g), none for every fourth customer.
INSERT INTO orders (customer_id, ordered_at, total_amount)
SELECT c.id,
       -- each customer buys within a span of its own: half of them are still
       -- buying, the others stopped some time ago (what BG/NBD tells apart)
       :'demo_now'::timestamptz
           - floor(k.first_days - k.span_days * (hashint8(c.id * 64 + g * 4 + 1)::bigint + 2147483648) / 4294967296.0)
             * interval '1 day',
       -- and spends at a level of its own (what Gamma-Gamma learns)
       round(k.level * (60 + 400 * (hashint8(c.id * 64 + g * 4 + 2)::bigint + 2147483648) / 4294967296.0), 2)
FROM customers c
CROSS JOIN LATERAL (
    SELECT 120 + 580 * u1 AS first_days,
           CASE WHEN u3 < 0.5 THEN (120 + 580 * u1) ELSE (120 + 580 * u1) * u2 * u2 * u2 END AS span_days,
           0.4 + 2.6 * u4 * u4 AS level
    FROM (SELECT (hashint8(c.id * 64 + 51)::bigint + 2147483648) / 4294967296.0 AS u1,
                 (hashint8(c.id * 64 + 53)::bigint + 2147483648) / 4294967296.0 AS u2,
                 (hashint8(c.id * 64 + 55)::bigint + 2147483648) / 4294967296.0 AS u3,
                 (hashint8(c.id * 64 + 57)::bigint + 2147483648) / 4294967296.0 AS u4) AS u) AS k
JOIN generate_series(1, 12) AS g ON g <= CASE WHEN k.span_days < k.first_days THEN 1 + (c.id * 7) % 4 ELSE (c.id * 7) % 13 END
WHERE c.id % 4 <> 0
ORDER BY c.id, g;

-- Real-estate leads from the chat bot.
INSERT INTO leads (name, phone, budget_max, transaction_type, property_type, location,
                   payment_method, has_voice_message, qr_scan_count, catalog_views,
                   messages_count, last_activity_at, source)
SELECT 'Lead ' || i,
       CASE WHEN i % 3 <> 0 THEN '+971-50-' || lpad(i::text, 4, '0') END,
       CASE WHEN i % 2 = 0 THEN 500000 + i * 10000 END,
       CASE WHEN i % 4 <> 0 THEN (ARRAY['buy','rent'])[1 + i % 2] END,
       CASE WHEN i % 5 <> 0 THEN (ARRAY['villa','apartment','townhouse'])[1 + i % 3] END,
       CASE WHEN i % 3 <> 1 THEN (ARRAY['Dubai Marina','Downtown','JVC'])[1 + i % 3] END,
       CASE WHEN i % 6 = 0 THEN 'mortgage' END,
       i % 4 = 1, i % 6, i % 7, i % 12,
       :'demo_now'::timestamptz - (i % 9) * interval '7 hours',
       'expo'
FROM generate_series(1, 40) AS i
ORDER BY i;

-- Retail CDM: birthdays, family, interactions, product views, drop-offs.
-- (CASE rather than an array subscript by id: an UPDATE of a distributed
-- table with ARRAY[...][expression] crashes the Citus 13.2 coordinator.)
UPDATE customers
SET date_of_birth = date '1960-01-01' + ((id * 97) % 14000) * interval '1 day',
    anniversary_date = CASE WHEN id % 3 = 0 THEN date '1995-01-01' + ((id * 31) % 9000) * interval '1 day' END,
    gender = CASE WHEN id % 2 = 0 THEN 'female' ELSE 'male' END,
    profession = CASE id % 5 WHEN 0 THEN 'engineer' WHEN 1 THEN 'teacher' WHEN 2 THEN 'doctor'
                             WHEN 3 THEN 'designer' ELSE 'trader' END,
    available_time = CASE WHEN id % 7 = 0 THEN '18:00-20:00' END,
    do_not_contact = (id % 97 = 0);
-- two customers with a birthday on :demo_now's day and three days later, one
-- born on 29 February
UPDATE customers SET date_of_birth = (:'demo_now'::date - interval '40 years')::date WHERE id = 11;
UPDATE customers SET date_of_birth = (:'demo_now'::date + 3 - interval '35 years')::date WHERE id = 12;
UPDATE customers SET date_of_birth = date '1988-02-29' WHERE id = 13;

INSERT INTO customer_family_members (customer_id, name, relationship, date_of_birth)
SELECT c.id, (ARRAY['Mia','Leo','Ava','Noah'])[1 + c.id % 4] || ' ' || c.last_name,
       (ARRAY['spouse','child','parent'])[1 + c.id % 3],
       date '1950-01-01' + ((c.id * 53) % 25000) * interval '1 day'
FROM customers c WHERE c.id % 2 = 0
ORDER BY c.id;

INSERT INTO customer_interactions (customer_id, interaction_type, channel, interaction_date,
                                   outcome, feedback_score)
SELECT c.id, (ARRAY['call','whatsapp','email','visit'])[1 + (c.id + g) % 4],
       (ARRAY['phone','whatsapp','email','store'])[1 + (c.id + g) % 4],
       :'demo_now'::date - ((c.id * g) % 60)::int + (8 + (c.id + g * 3) % 11) * interval '1 hour',
       (ARRAY['interested','no_answer','callback_requested','not_interested','purchased'])[1 + (c.id * g) % 5],
       CASE WHEN g % 2 = 0 THEN 40 + (c.id * g) % 60 END
FROM customers c
JOIN generate_series(1, 5) AS g ON g <= 1 + c.id % 5
ORDER BY c.id, g;

INSERT INTO customer_behavior (customer_id, behavior_type, product_id, product_name, created_at)
SELECT c.id, 'product_view', 'P' || lpad(((c.id * g) % 40 + 1)::text, 3, '0'),
       (ARRAY['Sofa','Lamp','Desk','Chair','Rug','Shelf','Bed','Mirror'])[1 + (c.id * g) % 8]
           || ' ' || ((c.id * g) % 40 + 1),
       :'demo_now'::timestamptz - ((c.id + g) % 30) * interval '1 day'
FROM customers c
JOIN generate_series(1, 8) AS g ON g <= c.id % 9
ORDER BY c.id, g;

INSERT INTO order_items (customer_id, order_id, product_id, quantity, unit_price)
SELECT o.customer_id, o.id, 'P' || lpad(((o.id * 7) % 40 + 1)::text, 3, '0'), 1, o.total_amount
FROM orders o
ORDER BY o.customer_id, o.id;

INSERT INTO customer_dropoff_tracking (customer_id, stage, product_id, cart_value, reason, created_at)
SELECT c.id, (ARRAY['add_to_cart','checkout_initiated','payment_failed'])[1 + c.id % 3],
       'P' || lpad((c.id % 40 + 1)::text, 3, '0'), 100 + c.id % 900, 'price',
       :'demo_now'::timestamptz - (c.id % 20) * interval '1 day'
FROM customers c WHERE c.id % 9 = 0
ORDER BY c.id;

INSERT INTO customer_communications (customer_id, channel, direction, status, sent_at, replied_at)
SELECT c.id, (ARRAY['email','sms','whatsapp'])[1 + (c.id + g) % 3], 'outbound',
       CASE WHEN (c.id + g) % 4 = 0 THEN 'replied' ELSE 'delivered' END,
       :'demo_now'::timestamptz - g * interval '5 days',
       CASE WHEN (c.id + g) % 4 = 0 THEN :'demo_now'::timestamptz - g * interval '5 days' + interval '2 hours' END
FROM customers c
JOIN generate_series(1, 3) AS g ON true
ORDER BY c.id, g;

-- Loyalty: one point per currency unit of every completed order of the year
-- before :demo_now, earned order by order, in order: one loyalty_earn call
-- at a time from PL/pgSQL (on Citus a call inside a query over a distributed
-- table would run a distributed query inside one).  psql variables do not
-- reach into a DO block: the block is built with format() and run by \gexec.
SELECT format($block$
DO $do$
DECLARE
    o record;
BEGIN
    FOR o IN SELECT customer_id, id, total_amount FROM orders
             WHERE status = 'completed' AND ordered_at > %L::timestamptz - interval '1 year'
             ORDER BY customer_id, id
    LOOP
        IF loyalty_points_for_amount(o.total_amount) > 0 THEN
            PERFORM loyalty_earn(o.customer_id, loyalty_points_for_amount(o.total_amount),
                                 order_id => o.id, description => 'order ' || o.id);
        END IF;
    END LOOP;
END
$do$
$block$, :'demo_now') \gexec

-- the nightly jobs, as a cron job would run them, as of :demo_now
SELECT refresh_customer_lifecycle(:'demo_now') AS customers_reclassified \gset
SELECT refresh_rfm_scores(:'demo_now') AS rfm_rows \gset
SELECT refresh_health_scores(:'demo_now') AS health_rows \gset
