-- bench/pgbench/events_ext.sql — one engagement event of a random customer,
-- through the extension's triggers.  pgbench -D ncust=<customers>.
\set id random(1, :ncust)
\set t random(1, 14)
INSERT INTO customer_engagement_events (customer_id, engagement_type)
VALUES (:id, (enum_range(NULL::engagement_type))[:t]);
