-- src/sql/code/75_insights.sql — opportunities of the health insights (1.1),
-- SPEC §3.8: upsell, win_back, loyalty_reward and birthday, each a
-- deterministic rule with a reason text.
--
-- upsell and win_back read customer_predictions, which the predictions part
-- of 1.1 brings; until that table exists they are never offered.  Caller's
-- rights: a customer the caller cannot see (row-level security) has none,
-- and the percentiles are over the rows the caller can see.

CREATE FUNCTION @extschema@.customer_opportunities(
    customer_id bigint,
    as_of date DEFAULT CURRENT_DATE)
RETURNS TABLE (kind text, reason text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cust record;
    health @extschema@.health_level;
    p_alive float8;
    clv numeric;
    clv_p75 float8;
    ltv_median float8;
    reward integer := @extschema@.setting('reward_points')::integer;
    points record;
    birthday date;
BEGIN
    IF as_of IS NULL OR NOT isfinite(as_of) THEN
        RAISE EXCEPTION 'as_of must be a finite date' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT c.id, c.lifetime_value, c.date_of_birth INTO cust
    FROM @extschema@.customers AS c
    WHERE c.id = customer_opportunities.customer_id;
    IF NOT FOUND THEN
        RETURN;             -- unknown, or invisible to the caller
    END IF;

    IF pg_catalog.to_regclass('@extschema@.customer_predictions') IS NOT NULL THEN
        SELECT p.p_alive, p.clv_12_months INTO p_alive, clv
        FROM @extschema@.customer_predictions AS p
        WHERE p.customer_id = cust.id;

        -- upsell: health GOOD or EXCELLENT, P(alive) >= 0.7, CLV at or above
        -- the 75th percentile of all customers' 12-month CLV
        SELECT h.health_level INTO health
        FROM @extschema@.customer_health_scores AS h
        WHERE h.customer_id = cust.id;
        IF health >= 'GOOD' AND p_alive >= 0.7 AND clv IS NOT NULL THEN
            SELECT pg_catalog.percentile_cont(0.75) WITHIN GROUP (ORDER BY p.clv_12_months::float8)
            INTO clv_p75
            FROM @extschema@.customer_predictions AS p;
            IF clv::float8 >= clv_p75 THEN
                kind := 'upsell';
                reason := pg_catalog.format(
                    'Health %s, P(alive) %s and a 12-month CLV of %s, at or above the 75th percentile of all customers (%s)',
                    health, pg_catalog.round(p_alive::numeric, 2), clv,
                    pg_catalog.round(clv_p75::numeric, 2));
                RETURN NEXT;
            END IF;
        END IF;

        -- win_back: 0.2 <= P(alive) < 0.5, lifetime value at or above the
        -- median of the customers with orders
        IF p_alive >= 0.2 AND p_alive < 0.5 THEN
            SELECT pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY c.lifetime_value::float8)
            INTO ltv_median
            FROM @extschema@.customers AS c
            WHERE c.total_orders > 0;
            IF cust.lifetime_value::float8 >= ltv_median THEN
                kind := 'win_back';
                reason := pg_catalog.format(
                    'P(alive) %s is between 0.2 and 0.5 and the lifetime value of %s is at or above the median of customers with orders (%s)',
                    pg_catalog.round(p_alive::numeric, 2), cust.lifetime_value,
                    pg_catalog.round(ltv_median::numeric, 2));
                RETURN NEXT;
            END IF;
        END IF;
    END IF;

    -- loyalty_reward: the largest balance in a programme reaches reward_points
    SELECT lp.points_balance, pr.name INTO points
    FROM @extschema@.customer_loyalty_points AS lp
    JOIN @extschema@.loyalty_programs AS pr ON pr.id = lp.program_id
    WHERE lp.customer_id = cust.id AND lp.points_balance >= reward
    ORDER BY lp.points_balance DESC, pr.id
    LIMIT 1;
    IF FOUND THEN
        kind := 'loyalty_reward';
        reason := pg_catalog.format('%s points in programme %s, at or above the reward threshold of %s',
                                    points.points_balance, points.name, reward);
        RETURN NEXT;
    END IF;

    -- birthday: from as_of to as_of + 7 days, both included (29 February by
    -- the setting leap_day_observed)
    IF cust.date_of_birth IS NOT NULL THEN
        birthday := @extschema@.next_occurrence(cust.date_of_birth, as_of,
                                                @extschema@.setting('leap_day_observed'));
        IF birthday <= as_of + 7 THEN
            kind := 'birthday';
            reason := CASE WHEN birthday = as_of
                           THEN pg_catalog.format('Birthday today (%s)', birthday)
                           ELSE pg_catalog.format('Birthday on %s, in %s days', birthday, birthday - as_of)
                      END;
            RETURN NEXT;
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.customer_opportunities(bigint, date) IS
    'Opportunities of a customer with a reason each, in this order: upsell (health GOOD or better, P(alive) >= 0.7, 12-month CLV at or above the 75th percentile), win_back (0.2 <= P(alive) < 0.5, lifetime value at or above the median of customers with orders), loyalty_reward (a balance >= the setting reward_points), birthday (from as_of to as_of + 7 days); none for an unknown or invisible customer; upsell and win_back need customer_predictions';
