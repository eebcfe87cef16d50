-- src/sql/code/18_prediction_functions.sql — the prediction models (SPEC §3.7):
-- the three fits as parallel-safe aggregates, and the predictions of a fitted
-- model for one customer.  Times are in whatever unit the caller's data use.

-- ---------------------------------------------------------------------------
-- the fits' shared state: counts of identical rows
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.prediction_counts_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'prediction_counts_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prediction_counts_combine(internal, internal) IS
    'Combine function of bgnbd_fit, gamma_gamma_fit and purchase_probability_fit: merges two partial states (counts of identical rows)';

CREATE FUNCTION @extschema@.prediction_counts_serialize(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'prediction_counts_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prediction_counts_serialize(internal) IS
    'Serialize function of the prediction fits (partial states sent between parallel workers)';

CREATE FUNCTION @extschema@.prediction_counts_deserialize(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'prediction_counts_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prediction_counts_deserialize(bytea, internal) IS
    'Deserialize function of the prediction fits';

-- ---------------------------------------------------------------------------
-- BG/NBD
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.bgnbd_fit_transition(
    internal, frequency integer, recency double precision, age double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'bgnbd_fit_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_transition(internal, integer, double precision, double precision) IS
    'Transition function of bgnbd_fit: checks a customer summary and counts it (identical triples once); a row with a NULL is skipped';

CREATE FUNCTION @extschema@.bgnbd_fit_final(internal)
RETURNS @extschema@.bgnbd_model
AS 'MODULE_PATHNAME', 'bgnbd_fit_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_final(internal) IS
    'Final function of bgnbd_fit: the maximum-likelihood BG/NBD model (Newton''s method in log-parameters)';

CREATE AGGREGATE @extschema@.bgnbd_fit(frequency integer, recency double precision, age double precision) (
    SFUNC = @extschema@.bgnbd_fit_transition,
    STYPE = internal,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.prediction_counts_combine,
    SERIALFUNC = @extschema@.prediction_counts_serialize,
    DESERIALFUNC = @extschema@.prediction_counts_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(integer, double precision, double precision) IS
    'Fits a BG/NBD model by maximum likelihood to customer summaries (frequency = repeat purchases, recency = time from the first to the last purchase, age = time from the first purchase, one time unit); NULL for no rows; converged = false and a WARNING when the data do not identify it';

CREATE FUNCTION @extschema@.bgnbd_p_alive(
    model @extschema@.bgnbd_model, frequency integer, recency double precision, age double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'bgnbd_p_alive'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_p_alive(@extschema@.bgnbd_model, integer, double precision, double precision) IS
    'Probability that a customer is still active: 1 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))';

CREATE FUNCTION @extschema@.bgnbd_expected_purchases(
    model @extschema@.bgnbd_model, horizon double precision,
    frequency integer, recency double precision, age double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_expected_purchases(@extschema@.bgnbd_model, double precision, integer, double precision, double precision) IS
    'Expected purchases of a customer in the next horizon time units (BG/NBD conditional expectation, Gauss hypergeometric function)';

CREATE FUNCTION @extschema@.bgnbd_next_purchase_in(
    model @extschema@.bgnbd_model, frequency integer, recency double precision, age double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'bgnbd_next_purchase_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_next_purchase_in(@extschema@.bgnbd_model, integer, double precision, double precision) IS
    'Median time to the next purchase of an active customer: (alpha+T)(2^(1/(r+x)) - 1)';

-- ---------------------------------------------------------------------------
-- Gamma-Gamma and lifetime value
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.gamma_gamma_fit_transition(
    internal, frequency integer, avg_value double precision)
RETURNS internal
AS 'MODULE_PATHNAME', 'gamma_gamma_fit_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_transition(internal, integer, double precision) IS
    'Transition function of gamma_gamma_fit: checks a row and counts it when frequency > 0; a row with a NULL is skipped';

CREATE FUNCTION @extschema@.gamma_gamma_fit_final(internal)
RETURNS @extschema@.gamma_gamma_model
AS 'MODULE_PATHNAME', 'gamma_gamma_fit_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_final(internal) IS
    'Final function of gamma_gamma_fit: the maximum-likelihood Gamma-Gamma model';

CREATE AGGREGATE @extschema@.gamma_gamma_fit(frequency integer, avg_value double precision) (
    SFUNC = @extschema@.gamma_gamma_fit_transition,
    STYPE = internal,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.prediction_counts_combine,
    SERIALFUNC = @extschema@.prediction_counts_serialize,
    DESERIALFUNC = @extschema@.prediction_counts_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit(integer, double precision) IS
    'Fits a Gamma-Gamma spend model by maximum likelihood to (repeat purchases, mean value of the repeat purchases); rows with frequency 0 do not count; NULL when no row has frequency > 0';

CREATE FUNCTION @extschema@.gamma_gamma_expected_value(
    model @extschema@.gamma_gamma_model, frequency integer, avg_value double precision)
RETURNS double precision
AS 'MODULE_PATHNAME', 'gamma_gamma_expected_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_expected_value(@extschema@.gamma_gamma_model, integer, double precision) IS
    'Expected order value of a customer: p (v + x m) / (p x + q - 1), the population mean p v / (q - 1) for x = 0 (avg_value is then ignored); NULL and a WARNING when q <= 1';

CREATE FUNCTION @extschema@.customer_lifetime_value(
    bgnbd @extschema@.bgnbd_model,
    gamma_gamma @extschema@.gamma_gamma_model,
    frequency integer,
    recency double precision,
    age double precision,
    avg_value double precision,
    months integer DEFAULT 12,
    monthly_discount double precision DEFAULT 0.01,
    days_per_unit double precision DEFAULT 1)
RETURNS double precision
AS 'MODULE_PATHNAME', 'customer_lifetime_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_lifetime_value(@extschema@.bgnbd_model, @extschema@.gamma_gamma_model, integer, double precision, double precision, double precision, integer, double precision, double precision) IS
    'Discounted expected spend over the next months months of 30 days: sum of (E[Y(30 i/u)] - E[Y(30 (i-1)/u)]) E(M) / (1 + d)^i, u = days per time unit of the data';

-- ---------------------------------------------------------------------------
-- calibrated purchase probability
-- ---------------------------------------------------------------------------

CREATE FUNCTION @extschema@.purchase_probability_fit_transition(
    internal, score numeric, purchased boolean)
RETURNS internal
AS 'MODULE_PATHNAME', 'purchase_probability_fit_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.purchase_probability_fit_transition(internal, numeric, boolean) IS
    'Transition function of purchase_probability_fit: checks a row and counts it; a row with a NULL is skipped';

CREATE FUNCTION @extschema@.purchase_probability_fit_final(internal)
RETURNS @extschema@.logistic_model
AS 'MODULE_PATHNAME', 'purchase_probability_fit_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.purchase_probability_fit_final(internal) IS
    'Final function of purchase_probability_fit: the maximum-likelihood logistic regression (Newton-Raphson)';

CREATE AGGREGATE @extschema@.purchase_probability_fit(score numeric, purchased boolean) (
    SFUNC = @extschema@.purchase_probability_fit_transition,
    STYPE = internal,
    FINALFUNC = @extschema@.purchase_probability_fit_final,
    COMBINEFUNC = @extschema@.prediction_counts_combine,
    SERIALFUNC = @extschema@.prediction_counts_serialize,
    DESERIALFUNC = @extschema@.prediction_counts_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.purchase_probability_fit(numeric, boolean) IS
    'Fits P(purchase) = 1 / (1 + e^-(intercept + slope * score)) by maximum likelihood; NULL for no rows; converged = false and a WARNING when a threshold on the score separates the outcomes';
