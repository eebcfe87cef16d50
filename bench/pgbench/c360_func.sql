-- bench/pgbench/c360_func.sql — the same as JSON, through customer_360().
\set id random(1, :ncust)
SELECT customer_360(:id);
