-- bench/pgbench/c360_view.sql — one random customer's 360° row.
\set id random(1, :ncust)
SELECT * FROM customer_360_view WHERE customer_id = :id;
