-- src/sql/code/72_loyalty.sql — loyalty points: earn, redeem, balance and the
-- points an amount earns (the customer-management CRM's
-- GET/POST /api/customers/loyalty-points and its addLoyaltyPoints(),
-- redeemLoyaltyPoints() and getCustomerLoyaltyPoints() service functions).
--
-- Every change of a balance writes one customer_loyalty_ledger row carrying the
-- balance after it.  The balance row is the lock: an earn upserts it (INSERT
-- ... ON CONFLICT DO UPDATE), a redeem is one conditional UPDATE (... WHERE
-- points_balance >= points).  Under READ COMMITTED a redeem that waited for a
-- concurrent change re-checks that condition on the new balance, so two
-- redeems can never spend the same points, and the ledger row is written while
-- the row lock is held, so in id order the ledger replays the balance.  Under
-- REPEATABLE READ or SERIALIZABLE the waiting transaction gets a serialization
-- failure (SQLSTATE 40001) instead, to be retried as usual.
--
-- loyalty_earn and loyalty_redeem run with the extension owner's rights
-- (SECURITY DEFINER), so that the application tier can change balances only
-- through them and never write a ledger row itself; they look at customers
-- as the caller does (customer_visible), so a customer hidden from the caller
-- by row-level security is unknown, and record the caller as created_by.
-- An unknown customer, programme or order is SQLSTATE 22023 with a message
-- naming it.  Bodies are plpgsql with a pinned search_path and every name
-- qualified; parameters that share a column's name are always written
-- function_name.parameter.

-- ---------------------------------------------------------------------------
-- loyalty_tier: the tier a lifetime of points reaches
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.loyalty_tier(tiers jsonb, lifetime_points bigint)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t jsonb;
    best text;
    best_min numeric;
BEGIN
    IF jsonb_typeof(tiers) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'loyalty tiers must be a JSON array'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR t IN SELECT e.value FROM jsonb_array_elements(tiers) AS e LOOP
        IF jsonb_typeof(t) IS DISTINCT FROM 'object'
           OR jsonb_typeof(t -> 'name') IS DISTINCT FROM 'string'
           OR jsonb_typeof(t -> 'min_points') IS DISTINCT FROM 'number' THEN
            RAISE EXCEPTION 'invalid loyalty tier: %', t
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'Each tier is an object with a "name" string and a numeric "min_points", e.g. {"name": "Gold", "min_points": 5000}.';
        END IF;
        -- the highest threshold reached wins; on a tie the later tier
        IF (t ->> 'min_points')::numeric <= lifetime_points
           AND (best_min IS NULL OR (t ->> 'min_points')::numeric >= best_min) THEN
            best := t ->> 'name';
            best_min := (t ->> 'min_points')::numeric;
        END IF;
    END LOOP;
    RETURN best;
END
$$;
COMMENT ON FUNCTION @extschema@.loyalty_tier(jsonb, bigint) IS
    'Name of the tier with the highest min_points not above lifetime_points, from a loyalty_programs.tiers array such as [{"name": "Silver", "min_points": 0}, {"name": "Gold", "min_points": 5000}]; NULL when no tier is reached or the array is empty';

-- ---------------------------------------------------------------------------
-- loyalty_checked_program: the argument checks earn and redeem share
-- ---------------------------------------------------------------------------

-- Returns the fields of the program its callers use (not the table's row
-- type, which would tie the function to the table's columns).
CREATE FUNCTION @extschema@.loyalty_checked_program(
    customer_id bigint,
    points integer,
    program_id bigint,
    order_id bigint,
    OUT program_name text,
    OUT is_active boolean,
    OUT tiers jsonb,
    OUT points_expiry_days integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF loyalty_checked_program.customer_id IS NULL THEN
        RAISE EXCEPTION 'customer_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF loyalty_checked_program.program_id IS NULL THEN
        RAISE EXCEPTION 'program_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF loyalty_checked_program.points IS NULL THEN
        RAISE EXCEPTION 'points must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF loyalty_checked_program.points <= 0 THEN
        RAISE EXCEPTION 'points must be greater than 0' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT lp.name, lp.is_active, lp.tiers, lp.points_expiry_days
    INTO program_name, is_active, tiers, points_expiry_days
    FROM @extschema@.loyalty_programs lp
    WHERE lp.id = loyalty_checked_program.program_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'loyalty program % does not exist', loyalty_checked_program.program_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- as the caller sees customers: loyalty_earn and loyalty_redeem run with
    -- the owner's rights, and a customer hidden from the caller is unknown
    IF NOT @extschema@.customer_visible(loyalty_checked_program.customer_id) THEN
        RAISE EXCEPTION 'customer % does not exist', loyalty_checked_program.customer_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF loyalty_checked_program.order_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM @extschema@.orders o
                       WHERE o.customer_id = loyalty_checked_program.customer_id
                         AND o.id = loyalty_checked_program.order_id) THEN
        RAISE EXCEPTION 'order % of customer % does not exist',
                        loyalty_checked_program.order_id, loyalty_checked_program.customer_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.loyalty_checked_program(bigint, integer, bigint, bigint) IS
    'The checks loyalty_earn and loyalty_redeem share: required arguments, points > 0, the program, the customer (as the caller sees it) and the customer''s order exist; returns the program''s name, is_active, tiers and points_expiry_days';

-- ---------------------------------------------------------------------------
-- loyalty_earn
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.loyalty_earn(
    customer_id bigint,
    points integer,
    program_id bigint DEFAULT 1,
    description text DEFAULT NULL,
    order_id bigint DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    prog record;
    bal @extschema@.customer_loyalty_points;
    entry_id bigint;
    stamp timestamptz := now();     -- a value, not a call, in ON CONFLICT (Citus)
BEGIN
    SELECT * INTO prog
    FROM @extschema@.loyalty_checked_program(loyalty_earn.customer_id, loyalty_earn.points,
                                             loyalty_earn.program_id, loyalty_earn.order_id);
    IF NOT prog.is_active THEN
        RAISE EXCEPTION 'loyalty program "%" is not active', prog.program_name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Inactive programs earn no points; their balances can still be redeemed.';
    END IF;

    -- Creates or locks the balance row; concurrent earns and redeems of the
    -- same balance queue up here until this transaction ends.
    INSERT INTO @extschema@.customer_loyalty_points AS p
        (customer_id, program_id, points_balance, lifetime_points_earned, tier, last_activity_at)
    VALUES (loyalty_earn.customer_id, loyalty_earn.program_id, loyalty_earn.points,
            loyalty_earn.points, @extschema@.loyalty_tier(prog.tiers, loyalty_earn.points),
            stamp)
    ON CONFLICT ON CONSTRAINT customer_loyalty_points_pkey DO UPDATE
    SET points_balance = p.points_balance + excluded.points_balance,
        lifetime_points_earned = p.lifetime_points_earned + excluded.lifetime_points_earned,
        tier = @extschema@.loyalty_tier(prog.tiers,
                                        p.lifetime_points_earned::bigint
                                        + excluded.lifetime_points_earned),
        last_activity_at = excluded.last_activity_at,
        updated_at = excluded.last_activity_at
    RETURNING p.* INTO bal;

    INSERT INTO @extschema@.customer_loyalty_ledger AS l
        (customer_id, program_id, entry_type, points, balance_after, order_id, description,
         expires_at, created_by)
    VALUES (loyalty_earn.customer_id, loyalty_earn.program_id, 'earn', loyalty_earn.points,
            bal.points_balance, loyalty_earn.order_id, loyalty_earn.description,
            stamp + make_interval(days => prog.points_expiry_days), @extschema@.calling_user())
    RETURNING l.id INTO entry_id;

    RETURN to_jsonb(bal) || jsonb_build_object('ledger_entry_id', entry_id);
END
$$;
COMMENT ON FUNCTION @extschema@.loyalty_earn(bigint, integer, bigint, text, bigint) IS
    'Replaces POST /api/customers/loyalty-points {"action": "add"} (addLoyaltyPoints): adds points (> 0) to the customer''s balance in an active program, updates lifetime points and tier, writes an earn ledger entry (expiring after the program''s points_expiry_days); returns the balance row after it plus ledger_entry_id';

-- ---------------------------------------------------------------------------
-- loyalty_redeem
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.loyalty_redeem(
    customer_id bigint,
    points integer,
    program_id bigint DEFAULT 1,
    description text DEFAULT NULL,
    order_id bigint DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bal @extschema@.customer_loyalty_points;
    have integer;
    entry_id bigint;
    stamp timestamptz := now();
BEGIN
    PERFORM @extschema@.loyalty_checked_program(loyalty_redeem.customer_id, loyalty_redeem.points,
                                                loyalty_redeem.program_id, loyalty_redeem.order_id);

    -- One statement checks and spends: a redeem that waited for a concurrent
    -- one re-evaluates points_balance >= points on the committed balance.
    UPDATE @extschema@.customer_loyalty_points p
    SET points_balance = p.points_balance - loyalty_redeem.points,
        lifetime_points_redeemed = p.lifetime_points_redeemed + loyalty_redeem.points,
        last_activity_at = stamp,
        updated_at = stamp
    WHERE p.customer_id = loyalty_redeem.customer_id
      AND p.program_id = loyalty_redeem.program_id
      AND p.points_balance >= loyalty_redeem.points
    RETURNING p.* INTO bal;

    IF NOT FOUND THEN
        SELECT p.points_balance INTO have
        FROM @extschema@.customer_loyalty_points p
        WHERE p.customer_id = loyalty_redeem.customer_id
          AND p.program_id = loyalty_redeem.program_id;
        have := COALESCE(have, 0);
        RAISE EXCEPTION 'insufficient loyalty points'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Customer %s has %s %s in program %s; %s %s requested.',
                                  loyalty_redeem.customer_id, have,
                                  CASE WHEN have = 1 THEN 'point' ELSE 'points' END,
                                  loyalty_redeem.program_id, loyalty_redeem.points,
                                  CASE WHEN loyalty_redeem.points = 1 THEN 'was' ELSE 'were' END);
    END IF;

    INSERT INTO @extschema@.customer_loyalty_ledger AS l
        (customer_id, program_id, entry_type, points, balance_after, order_id, description,
         created_by)
    VALUES (loyalty_redeem.customer_id, loyalty_redeem.program_id, 'redeem',
            -loyalty_redeem.points, bal.points_balance, loyalty_redeem.order_id,
            loyalty_redeem.description, @extschema@.calling_user())
    RETURNING l.id INTO entry_id;

    RETURN to_jsonb(bal) || jsonb_build_object('ledger_entry_id', entry_id);
END
$$;
COMMENT ON FUNCTION @extschema@.loyalty_redeem(bigint, integer, bigint, text, bigint) IS
    'Replaces POST /api/customers/loyalty-points {"action": "redeem"} (redeemLoyaltyPoints): spends points (> 0) from the customer''s balance in a single conditional UPDATE, safe under concurrency; more than the balance is error 22023 "insufficient loyalty points"; writes a redeem ledger entry; returns the balance row after it plus ledger_entry_id';

-- ---------------------------------------------------------------------------
-- loyalty_balance
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.loyalty_balance(
    customer_id bigint,
    program_id bigint DEFAULT 1,
    entries integer DEFAULT 10)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    prog @extschema@.loyalty_programs;
    bal @extschema@.customer_loyalty_points;
    next_tier jsonb;
    lifetime integer;
BEGIN
    IF loyalty_balance.customer_id IS NULL THEN
        RAISE EXCEPTION 'customer_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF loyalty_balance.program_id IS NULL THEN
        RAISE EXCEPTION 'program_id must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF loyalty_balance.entries IS NULL THEN
        RAISE EXCEPTION 'entries must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF loyalty_balance.entries < 0 THEN
        RAISE EXCEPTION 'entries must not be negative' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO prog FROM @extschema@.loyalty_programs lp WHERE lp.id = loyalty_balance.program_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'loyalty program % does not exist', loyalty_balance.program_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.customers c WHERE c.id = loyalty_balance.customer_id) THEN
        RAISE EXCEPTION 'customer % does not exist', loyalty_balance.customer_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT * INTO bal FROM @extschema@.customer_loyalty_points p
    WHERE p.customer_id = loyalty_balance.customer_id AND p.program_id = loyalty_balance.program_id;
    lifetime := COALESCE(bal.lifetime_points_earned, 0);

    SELECT jsonb_build_object('name', t.value ->> 'name',
                              'min_points', (t.value ->> 'min_points')::numeric,
                              'points_needed', (t.value ->> 'min_points')::numeric - lifetime)
    INTO next_tier
    FROM jsonb_array_elements(prog.tiers) t
    WHERE jsonb_typeof(t.value -> 'min_points') = 'number'
      AND (t.value ->> 'min_points')::numeric > lifetime
    ORDER BY (t.value ->> 'min_points')::numeric
    LIMIT 1;

    RETURN jsonb_build_object(
        'customer_id', loyalty_balance.customer_id,
        'program_id', prog.id,
        'program_name', prog.name,
        'program_active', prog.is_active,
        'member', bal.customer_id IS NOT NULL,
        'points_balance', COALESCE(bal.points_balance, 0),
        'points_value', round(COALESCE(bal.points_balance, 0) * prog.currency_per_point, 2),
        'lifetime_points_earned', lifetime,
        'lifetime_points_redeemed', COALESCE(bal.lifetime_points_redeemed, 0),
        'tier', CASE WHEN bal.customer_id IS NOT NULL THEN bal.tier
                     ELSE @extschema@.loyalty_tier(prog.tiers, 0) END,
        'next_tier', next_tier,
        'last_activity_at', bal.last_activity_at,
        'recent_entries', COALESCE((
            SELECT jsonb_agg(to_jsonb(l) ORDER BY l.id DESC)
            FROM (SELECT * FROM @extschema@.customer_loyalty_ledger g
                  WHERE g.customer_id = loyalty_balance.customer_id
                    AND g.program_id = loyalty_balance.program_id
                  ORDER BY g.id DESC
                  LIMIT loyalty_balance.entries) l), '[]'::jsonb));
END
$$;
COMMENT ON FUNCTION @extschema@.loyalty_balance(bigint, bigint, integer) IS
    'Replaces GET /api/customers/loyalty-points (getCustomerLoyaltyPoints): the customer''s balance in a program with its currency value, lifetime points earned and redeemed, tier, the next tier and the points still needed, and the latest ledger entries (newest first); zeros for a customer who never earned';

-- ---------------------------------------------------------------------------
-- loyalty_points_for_amount
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.loyalty_points_for_amount(
    amount numeric,
    program_id bigint DEFAULT 1)
RETURNS integer
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    prog @extschema@.loyalty_programs;
BEGIN
    IF amount = 'NaN'::numeric OR amount IN ('Infinity'::numeric, '-Infinity'::numeric) THEN
        RAISE EXCEPTION 'amount must be a finite number' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF amount < 0 THEN
        RAISE EXCEPTION 'amount must not be negative' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO prog FROM @extschema@.loyalty_programs lp
    WHERE lp.id = loyalty_points_for_amount.program_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'loyalty program % does not exist', loyalty_points_for_amount.program_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT prog.is_active OR amount < prog.min_purchase_amount THEN
        RETURN 0;
    END IF;
    IF floor(amount * prog.points_per_currency_unit) > 2147483647 THEN
        RAISE EXCEPTION 'amount earns more points than an integer holds'
            USING ERRCODE = 'numeric_value_out_of_range';
    END IF;
    RETURN floor(amount * prog.points_per_currency_unit)::integer;
END
$$;
COMMENT ON FUNCTION @extschema@.loyalty_points_for_amount(numeric, bigint) IS
    'Points a purchase of amount earns in a program: floor(amount x points_per_currency_unit); 0 below the program''s min_purchase_amount or when the program is inactive (the earn step of POST /api/customers/loyalty-points, to pass to loyalty_earn)';
