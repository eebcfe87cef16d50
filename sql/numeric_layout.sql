-- numeric_layout: when the library is loaded it checks that its readers of
-- numeric values (src/numeric_util.c) agree with PostgreSQL's own numeric
-- functions on values of every shape, plain and packed, and refuses to load
-- otherwise; the check reports itself at DEBUG1.
SET client_min_messages = debug1;
-- the first call of a C function in this session loads the library
SELECT warmth_level(50);
RESET client_min_messages;
