-- src/sql/code/09_visibility.sql — the caller's view of customers.
--
-- A function that takes a customer_id treats a customer the caller cannot
-- see (row-level security on customers) exactly like an unknown one.  Reads
-- with the caller's rights get that from the policies themselves; the few
-- functions that write with the extension owner's rights ask these first.

CREATE FUNCTION @extschema@.customer_visible(customer_id bigint)
RETURNS boolean
LANGUAGE c STABLE STRICT PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'customer_visible';
COMMENT ON FUNCTION @extschema@.customer_visible(bigint) IS
    'True when the customer exists and the calling role may see it (SELECT on customers and its row-level security policies); inside a SECURITY DEFINER function, the role that called it';

CREATE FUNCTION @extschema@.calling_user()
RETURNS name
LANGUAGE c STABLE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'calling_user';
COMMENT ON FUNCTION @extschema@.calling_user() IS
    'current_user, or inside a SECURITY DEFINER function the role that called it; what the writers record as created_by';
