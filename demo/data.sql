-- demo/data.sql — a deterministic demo data set: the same customers, scores
-- and events on every run (random() is seeded; times are relative to now()).
DO $$ BEGIN PERFORM pg_catalog.setseed(0.2026); END $$;

INSERT INTO customers (first_name, last_name, email, phone, city, source, created_at)
SELECT (ARRAY['Ana','Ben','Chloe','Dario','Elif','Farid','Grace','Hiro','Ines','Jonas',
              'Kemal','Lena','Marta','Nadia','Omar','Priya','Quentin','Rosa','Sami','Tara'])[1 + (i * 7) % 20],
       (ARRAY['Cruz','Lee','Novak','Rossi','Yilmaz','Haddad','Kim','Sato','Silva','Berg',
              'Demir','Fischer','Costa','Ali','Nasser','Rao','Moreau','Diaz','Khan','Walsh'])[1 + (i / 20 + i * 3) % 20],
       'customer' || i || '@example.com',
       '+1-555-' || lpad(i::text, 4, '0'),
       (ARRAY['Lisbon','Berlin','Dubai','Manila','Austin'])[1 + i % 5],
       (ARRAY['website','referral','showroom','marketplace'])[1 + i % 4],
       now() - (200 + i % 400) * interval '1 day'
FROM generate_series(1, 2000) AS i;

-- Warmth components a salesperson has assessed; some unknown (NULL).
INSERT INTO customer_warmth (customer_id, interaction_frequency_score, response_rate_score,
                             budget_qualification_score, timeline_urgency_score,
                             decision_making_authority_score, demographic_fit_score,
                             past_purchase_behavior_score, predicted_purchase_value,
                             predicted_purchase_date, interested_vehicle_types, first_contact_at)
SELECT id,
       round((random() * 100)::numeric, 2),
       round((random() * 100)::numeric, 2),
       CASE WHEN random() < 0.9 THEN round((random() * 100)::numeric, 2) END,
       round((random() * 100)::numeric, 2),
       CASE WHEN random() < 0.8 THEN round((random() * 100)::numeric, 2) END,
       round((random() * 100)::numeric, 2),
       CASE WHEN random() < 0.7 THEN round((random() * 100)::numeric, 2) END,
       round((20000 + random() * 60000)::numeric, -2),
       (now() + (random() * 120)::int * interval '1 day')::date,
       (ARRAY[ARRAY['suv','sedan'], ARRAY['pickup','suv'], ARRAY['hatchback','ev']])[1 + id % 3][1:2],
       created_at
FROM customers;

-- Engagement events over the last 120 days; the triggers score them.
INSERT INTO customer_engagement_events (customer_id, engagement_type, occurred_at, channel)
SELECT c.id,
       (pg_catalog.enum_range(NULL::engagement_type))[1 + (floor(random() * 13))::int],
       now() - (floor(random() * 120)) * interval '1 day' - (c.id % 8) * interval '1 hour',
       (ARRAY['web','phone','showroom','email'])[1 + c.id % 4]
FROM customers c, generate_series(1, 1 + c.id % 6)
WHERE c.id % 10 <> 0;

-- Warmth history imported from the previous CRM, for the 30-day trend.
INSERT INTO customer_warmth_history (customer_id, customer_warmth_id, warmth_score_snapshot,
                                     warmth_level_snapshot, change_trigger, created_at)
SELECT w.customer_id, w.id, s.score, warmth_level(s.score), 'import', now() - d * interval '1 day'
FROM customer_warmth w,
     generate_series(1, 30) AS d,
     LATERAL (SELECT greatest(0, least(100, round(w.overall_warmth_score - d * 0.6
                                                  + (random() * 6 - 3)::numeric, 2))) AS score) s
WHERE w.overall_warmth_score IS NOT NULL AND d % 3 = 0;

-- Orders over the last two years, more of them recent.
INSERT INTO orders (customer_id, ordered_at, total_amount)
SELECT c.id, now() - (floor(power(random(), 2) * 700)) * interval '1 day',
       round((50 + random() * 1500)::numeric, 2)
FROM customers c, generate_series(1, (c.id * 7) % 13)
WHERE c.id % 4 <> 0;

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
       now() - (i % 9) * interval '7 hours',
       'expo'
FROM generate_series(1, 40) AS i;

-- Retail CDM: birthdays, family, interactions, product views, drop-offs.
UPDATE customers
SET date_of_birth = date '1960-01-01' + ((id * 97) % 14000) * interval '1 day',
    anniversary_date = CASE WHEN id % 3 = 0 THEN date '1995-01-01' + ((id * 31) % 9000) * interval '1 day' END,
    gender = (ARRAY['female','male'])[1 + id % 2],
    profession = (ARRAY['engineer','teacher','doctor','designer','trader'])[1 + id % 5],
    available_time = CASE WHEN id % 7 = 0 THEN '18:00-20:00' END,
    do_not_contact = (id % 97 = 0);
-- two customers with a birthday today and in three days, one born on 29 February
UPDATE customers SET date_of_birth = (current_date - interval '40 years')::date WHERE id = 11;
UPDATE customers SET date_of_birth = (current_date + 3 - interval '35 years')::date WHERE id = 12;
UPDATE customers SET date_of_birth = date '1988-02-29' WHERE id = 13;

INSERT INTO customer_family_members (customer_id, name, relationship, date_of_birth)
SELECT c.id, (ARRAY['Mia','Leo','Ava','Noah'])[1 + c.id % 4] || ' ' || c.last_name,
       (ARRAY['spouse','child','parent'])[1 + c.id % 3],
       date '1950-01-01' + ((c.id * 53) % 25000) * interval '1 day'
FROM customers c WHERE c.id % 2 = 0;

INSERT INTO customer_interactions (customer_id, interaction_type, channel, interaction_date,
                                   outcome, feedback_score)
SELECT c.id, (ARRAY['call','whatsapp','email','visit'])[1 + (c.id + g) % 4],
       (ARRAY['phone','whatsapp','email','store'])[1 + (c.id + g) % 4],
       date_trunc('day', now()) - ((c.id * g) % 60) * interval '1 day'
           + (8 + (c.id + g * 3) % 11) * interval '1 hour',
       (ARRAY['interested','no_answer','callback_requested','not_interested','purchased'])[1 + (c.id * g) % 5],
       CASE WHEN g % 2 = 0 THEN 40 + (c.id * g) % 60 END
FROM customers c, generate_series(1, 1 + c.id % 5) AS g;

INSERT INTO customer_behavior (customer_id, behavior_type, product_id, product_name, created_at)
SELECT c.id, 'product_view', 'P' || lpad(((c.id * g) % 40 + 1)::text, 3, '0'),
       (ARRAY['Sofa','Lamp','Desk','Chair','Rug','Shelf','Bed','Mirror'])[1 + (c.id * g) % 8]
           || ' ' || ((c.id * g) % 40 + 1),
       now() - ((c.id + g) % 30) * interval '1 day'
FROM customers c, generate_series(1, c.id % 9) AS g;

INSERT INTO order_items (customer_id, order_id, product_id, quantity, unit_price)
SELECT o.customer_id, o.id, 'P' || lpad(((o.id * 7) % 40 + 1)::text, 3, '0'), 1, o.total_amount
FROM orders o;

INSERT INTO customer_dropoff_tracking (customer_id, stage, product_id, cart_value, reason, created_at)
SELECT c.id, (ARRAY['add_to_cart','checkout_initiated','payment_failed'])[1 + c.id % 3],
       'P' || lpad((c.id % 40 + 1)::text, 3, '0'), 100 + c.id % 900, 'price',
       now() - (c.id % 20) * interval '1 day'
FROM customers c WHERE c.id % 9 = 0;

INSERT INTO customer_communications (customer_id, channel, direction, status, sent_at, replied_at)
SELECT c.id, (ARRAY['email','sms','whatsapp'])[1 + (c.id + g) % 3], 'outbound',
       CASE WHEN (c.id + g) % 4 = 0 THEN 'replied' ELSE 'delivered' END,
       now() - g * interval '5 days',
       CASE WHEN (c.id + g) % 4 = 0 THEN now() - g * interval '5 days' + interval '2 hours' END
FROM customers c, generate_series(1, 3) AS g;

-- Loyalty: one point per currency unit of every completed order of the last year.
SELECT count(loyalty_earn(o.customer_id, loyalty_points_for_amount(o.total_amount),
                          order_id => o.id, description => 'order ' || o.id)) AS loyalty_entries
FROM orders o
WHERE o.status = 'completed' AND o.ordered_at > now() - interval '1 year'
  AND loyalty_points_for_amount(o.total_amount) > 0 \gset

-- the nightly jobs, as a cron job would run them
SELECT refresh_customer_lifecycle() AS customers_reclassified \gset
SELECT refresh_rfm_scores() AS rfm_rows \gset
SELECT refresh_health_scores() AS health_rows \gset
