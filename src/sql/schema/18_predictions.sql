-- src/sql/schema/18_predictions.sql — customer-base analysis models (1.1,
-- SPEC §3.7): the model types that the fits return, every fit kept in
-- prediction_models, and each customer's latest predictions.  Citus:
-- prediction_models is a small reference table; customer_predictions is
-- distributed on customer_id, co-located with customers, and so refers to
-- its models by id without a foreign key.

CREATE TYPE @extschema@.bgnbd_model AS (
    r               double precision,
    alpha           double precision,
    a               double precision,
    b               double precision,
    log_likelihood  double precision,
    customers       bigint,
    converged       boolean
);
COMMENT ON TYPE @extschema@.bgnbd_model IS
    'A BG/NBD model (Fader, Hardie & Lee 2005): purchase rate ~ Gamma(r, alpha) in the data''s time unit, drop-out probability ~ Beta(a, b); the log-likelihood of the fit, the customers it saw, and whether the maximum was reached';

CREATE TYPE @extschema@.gamma_gamma_model AS (
    p               double precision,
    q               double precision,
    v               double precision,
    log_likelihood  double precision,
    customers       bigint,
    converged       boolean
);
COMMENT ON TYPE @extschema@.gamma_gamma_model IS
    'A Gamma-Gamma spend model (Fader, Hardie & Lee 2005): order values ~ Gamma(p, nu), nu ~ Gamma(q, v); the log-likelihood of the fit, the repeat buyers it saw, and whether the maximum was reached';

CREATE TYPE @extschema@.logistic_model AS (
    intercept       double precision,
    slope           double precision,
    log_likelihood  double precision,
    n               bigint,
    converged       boolean
);
COMMENT ON TYPE @extschema@.logistic_model IS
    'A logistic regression P = 1 / (1 + e^-(intercept + slope * score)): the log-likelihood of the fit, its rows, and whether the maximum was reached';

-- ---------------------------------------------------------------------------
-- prediction_models
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.prediction_models (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL
                        CHECK (kind IN ('bgnbd', 'gamma_gamma', 'purchase_probability')),
    parameters      jsonb NOT NULL,
    log_likelihood  double precision,
    customers       bigint,
    converged       boolean NOT NULL,
    time_unit       text NOT NULL,
    as_of           timestamptz NOT NULL,
    fitted_at       timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.prediction_models IS
    'Every model fitted by refresh_predictions (or stored by the user): its kind, parameters and fit statistics';
COMMENT ON COLUMN @extschema@.prediction_models.kind IS
    'bgnbd, gamma_gamma or purchase_probability';
COMMENT ON COLUMN @extschema@.prediction_models.parameters IS
    'The parameters as a JSON object: {r, alpha, a, b}, {p, q, v} or {intercept, slope}';
COMMENT ON COLUMN @extschema@.prediction_models.log_likelihood IS 'Log-likelihood of the data at the parameters';
COMMENT ON COLUMN @extschema@.prediction_models.customers IS 'Customers (rows) the fit saw';
COMMENT ON COLUMN @extschema@.prediction_models.converged IS
    'The maximum likelihood was reached; false when the data do not identify the model';
COMMENT ON COLUMN @extschema@.prediction_models.time_unit IS
    'Time unit of the data the model was fitted to (refresh_predictions: day)';
COMMENT ON COLUMN @extschema@.prediction_models.as_of IS 'The data were taken up to this instant';
COMMENT ON COLUMN @extschema@.prediction_models.fitted_at IS 'When the model was fitted';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.prediction_models', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.prediction_models_id_seq', '');
COMMENT ON SEQUENCE @extschema@.prediction_models_id_seq IS
    'Identity of prediction_models.id; pg_dump saves its position (pg_extension_config_dump)';

-- ---------------------------------------------------------------------------
-- customer_predictions
-- ---------------------------------------------------------------------------

CREATE TABLE @extschema@.customer_predictions (
    customer_id             bigint PRIMARY KEY
                                REFERENCES @extschema@.customers (id) ON DELETE CASCADE,
    frequency               integer NOT NULL,
    recency                 double precision NOT NULL,
    age                     double precision NOT NULL,
    avg_value               numeric(38,2),
    p_alive                 double precision,
    previous_p_alive        double precision,
    expected_purchases_30   double precision,
    expected_purchases_90   double precision,
    expected_purchases_365  double precision,
    next_purchase_date      date,
    expected_order_value    numeric(38,2),
    clv_12_months           numeric(38,2),
    churn_probability       double precision,
    bgnbd_model_id          bigint,
    gamma_gamma_model_id    bigint,
    as_of                   timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE @extschema@.customer_predictions IS
    'Each customer''s latest predictions (refresh_predictions): purchase summary in days, BG/NBD and Gamma-Gamma predictions';
COMMENT ON COLUMN @extschema@.customer_predictions.frequency IS
    'Repeat purchases: distinct UTC days with a completed order, minus 1';
COMMENT ON COLUMN @extschema@.customer_predictions.recency IS 'Days from the first purchase day to the last';
COMMENT ON COLUMN @extschema@.customer_predictions.age IS 'Days from the first purchase day to as_of''s UTC day';
COMMENT ON COLUMN @extschema@.customer_predictions.avg_value IS
    'Mean total of the repeat purchase days (every day but the first); NULL without repeat purchases';
COMMENT ON COLUMN @extschema@.customer_predictions.p_alive IS 'Probability that the customer is still active (BG/NBD)';
COMMENT ON COLUMN @extschema@.customer_predictions.previous_p_alive IS
    'p_alive before the refresh that last wrote the row (NULL for a first prediction); what valuable_at_risk compares against';
COMMENT ON COLUMN @extschema@.customer_predictions.expected_purchases_30 IS 'Expected purchases in the next 30 days';
COMMENT ON COLUMN @extschema@.customer_predictions.expected_purchases_90 IS 'Expected purchases in the next 90 days';
COMMENT ON COLUMN @extschema@.customer_predictions.expected_purchases_365 IS 'Expected purchases in the next 365 days';
COMMENT ON COLUMN @extschema@.customer_predictions.next_purchase_date IS
    'as_of''s UTC date plus the median wait for the next purchase of an active customer, rounded to days';
COMMENT ON COLUMN @extschema@.customer_predictions.expected_order_value IS 'Expected value of an order (Gamma-Gamma)';
COMMENT ON COLUMN @extschema@.customer_predictions.clv_12_months IS
    'Discounted expected spend over the next 12 months of 30 days (setting monthly_discount)';
COMMENT ON COLUMN @extschema@.customer_predictions.churn_probability IS '1 - p_alive';
COMMENT ON COLUMN @extschema@.customer_predictions.bgnbd_model_id IS 'prediction_models.id of the BG/NBD model used';
COMMENT ON COLUMN @extschema@.customer_predictions.gamma_gamma_model_id IS
    'prediction_models.id of the Gamma-Gamma model used; NULL when none could be fitted';
COMMENT ON COLUMN @extschema@.customer_predictions.as_of IS 'The orders were taken up to this instant';
COMMENT ON COLUMN @extschema@.customer_predictions.updated_at IS 'When the row was written';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.customer_predictions', '');
