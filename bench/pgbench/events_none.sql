-- bench/pgbench/events_none.sql — the same insert into a copy of the table
-- without triggers (the reference of events_ext.sql).
\set id random(1, :ncust)
\set t random(1, 14)
INSERT INTO bench.events_none (customer_id, engagement_type)
VALUES (:id, (enum_range(NULL::engagement_type))[:t]);
