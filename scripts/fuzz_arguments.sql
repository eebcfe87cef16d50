-- scripts/fuzz_arguments.sql — random-argument fuzzer for customer_scoring.
--
--   psql -X -q -d DB -v calls=100 -v seed=1 [-v only=REGEX] [-v deadline=TIMESTAMPTZ] \
--        -f scripts/fuzz_arguments.sql
--
-- Run by scripts/fuzz (which also checks the server log for crashes); it can
-- be run by hand against any scratch database that has customer_scoring (and
-- preferably the demo data: demo/data.sql).  It is not part of scripts/test.
--
-- One run is one "round":
--   1. every function of the extension (from pg_depend, whatever the schema;
--      trigger functions excluded) gets :calls calls with random arguments,
--      drawn per type from pools of ordinary and hostile values (NaN,
--      +-Infinity, 1e131071, 1000-digit numbers, -0, extreme integers,
--      +-infinity and the extreme timestamps and dates, '', 100 kB strings,
--      unicode, SQL metacharacters, invalid enum labels, nested and odd jsonb,
--      empty / 2-D / NULL-element / wrong-length / non-1-based arrays, NULL
--      for any argument, defaults left out);
--   2. every table with one of the extension's triggers gets :calls random
--      INSERT / UPDATE / DELETE (/ TRUNCATE) statements, so that the C
--      triggers see hostile column values too (BEFORE triggers run before
--      the table's CHECK and NOT NULL constraints);
--   3. :calls "combos": a random change to any extension table or a
--      customer_scoring.* setting, then a random call or trigger statement
--      in the same subtransaction (rules, weights and settings are inputs of
--      the C code as much as arguments are).
-- The plan is generated first, with setseed(:seed), into the table
-- cs_fuzz.plan (committed, so that after a crash the offending statement can
-- be looked up by the id in the server log's "Failed process was running:
-- SELECT cs_fuzz.run(ID, ...)").  Then psql runs each entry as its own
-- top-level statement (\gexec), so statement_timeout is per call.
-- cs_fuzz.run executes the entry in a subtransaction that is always rolled
-- back (writing functions such as gdpr_erase change nothing), and records
-- the outcome: ok, or the SQLSTATE of the error.  SQLSTATE class XX
-- (internal error) or 58 (system error) is a finding; so is a crash, which
-- the caller sees as psql losing its connection (exit status 2).
--
-- Last line: "fuzz_arguments: round R: N calls, ok A, errors E (timeouts T),
-- findings F, skipped S".  Exit status 0 unless psql itself fails.

\set ON_ERROR_STOP 1
\if :{?calls}
\else
\set calls 100
\endif
\if :{?seed}
\else
\set seed 1
\endif
\if :{?only}
\else
\set only ''
\endif
\if :{?deadline}
\else
\set deadline infinity
\endif
\if :{?call_timeout}
\else
\set call_timeout 5s
\endif

SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET synchronous_commit = off;
SET statement_timeout = 0;
SET search_path = pg_catalog, public;   -- the plan calls everything qualified

-- ---------------------------------------------------------------------------
-- Set-up (idempotent): schema, tables, value generators, runner.
-- ---------------------------------------------------------------------------
SELECT pg_advisory_lock(hashtext('cs_fuzz setup')) AS locked \gset
CREATE SCHEMA IF NOT EXISTS cs_fuzz;

CREATE TABLE IF NOT EXISTS cs_fuzz.plan (
    id      bigserial PRIMARY KEY,
    round   integer NOT NULL,
    target  text NOT NULL,      -- function signature, or "INSERT tbl" etc.
    kind    text NOT NULL,      -- call | dml | combo
    stmts   text[] NOT NULL     -- run in order in one subtransaction
);
CREATE INDEX IF NOT EXISTS plan_round_idx ON cs_fuzz.plan (round);
CREATE TABLE IF NOT EXISTS cs_fuzz.outcome (
    plan_id bigint PRIMARY KEY,
    state   text NOT NULL,      -- ok | skipped | SQLSTATE
    message text
);
CREATE TABLE IF NOT EXISTS cs_fuzz.dict (words text[] NOT NULL);

-- random helpers (all draws go through random(), so setseed makes a round
-- reproducible)
CREATE OR REPLACE FUNCTION cs_fuzz.pick(a anyarray) RETURNS anyelement
LANGUAGE sql VOLATILE AS $$ SELECT a[1 + floor(random() * cardinality(a))::int] $$;

CREATE OR REPLACE FUNCTION cs_fuzz.rint(lo bigint, hi bigint) RETURNS bigint
LANGUAGE sql VOLATILE AS $$ SELECT (lo + floor(random()::numeric * (hi::numeric - lo + 1)))::bigint $$;

CREATE OR REPLACE FUNCTION cs_fuzz.word() RETURNS text
LANGUAGE sql VOLATILE AS $$
    SELECT words[1 + floor(random() * cardinality(words))::int] FROM cs_fuzz.dict LIMIT 1
$$;

-- the extension's schema and objects
CREATE OR REPLACE FUNCTION cs_fuzz.ext_objects(cls regclass) RETURNS SETOF oid
LANGUAGE sql STABLE AS $$
    SELECT d.objid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = cls
      AND d.deptype = 'e' AND e.extname = 'customer_scoring'
$$;

-- A dictionary: the string literals of the extension's function sources
-- (jsonb keys, labels, setting names), its enum labels and column names.
CREATE OR REPLACE FUNCTION cs_fuzz.load_dict() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    w text[];
BEGIN
    SELECT array_agg(DISTINCT x ORDER BY x) INTO w FROM (
        SELECT m[1] AS x
        FROM pg_proc p, regexp_matches(p.prosrc, '''([A-Za-z_][A-Za-z0-9_ .-]{0,40})''', 'g') AS m
        WHERE p.oid IN (SELECT cs_fuzz.ext_objects('pg_proc'))
        UNION
        SELECT e.enumlabel FROM pg_enum e
        WHERE e.enumtypid IN (SELECT cs_fuzz.ext_objects('pg_type'))
        UNION
        SELECT a.attname FROM pg_attribute a
        WHERE a.attrelid IN (SELECT cs_fuzz.ext_objects('pg_class')) AND a.attnum > 0
        UNION
        SELECT substr(name, length('customer_scoring.') + 1) FROM pg_settings
        WHERE name LIKE 'customer_scoring.%'
    ) s WHERE x IS NOT NULL;
    DELETE FROM cs_fuzz.dict;
    INSERT INTO cs_fuzz.dict VALUES (coalesce(w, '{x}'));
    RETURN cardinality(w);
END $$;

-- ----- values, as SQL expressions of the wanted type -----------------------

CREATE OR REPLACE FUNCTION cs_fuzz.numeric_text(finite_only boolean DEFAULT false) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    r float8 := random();
    v text;
BEGIN
    IF r < 0.40 THEN        -- a score
        v := round((random() * 100)::numeric, 2)::text;
    ELSIF r < 0.50 THEN     -- a score at another scale
        v := round((random() * 100)::numeric, floor(random() * 9)::int)::text;
    ELSIF r < 0.60 THEN     -- an amount, maybe negative
        v := round((random() * 2e6 - 1e6)::numeric, floor(random() * 5)::int)::text;
    ELSIF r < 0.66 THEN
        v := floor(random() * 20)::text;
    ELSIF r < 0.70 THEN     -- a weight
        v := round(random()::numeric, floor(random() * 5)::int)::text;
    ELSE
        v := cs_fuzz.pick(ARRAY[
            '0', '-0', '0.00', '0.000000000000000000000', '100', '100.00', '100.001', '100.01',
            '100.00000000000000000001', '99.99', '99.995', '99.994999', '99.999999999',
            '-0.01', '-0.001', '-0.0000001', '0.001', '0.005', '0.004999', '0.0049999999',
            '-100', '-100.01', '101', '1000000', '5000', '4999.99', '2500', '1000', '500',
            '30', '60', '90', '180', '0.1', '0.125', '0.3333333333333333333333333333',
            '1e-6', '1.00000000000000000001', '0.99999999999999999999',
            '1e18', '1e19', '-1e18', '999999999999999999.99', '9223372036854775807',
            '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
            '2147483647', '2147483648', '-2147483649', '4294967296', '1e100', '-1e100',
            '1e131071', '-1e131071', '1e-16383', '-1e-16383', '1e-1000', '1e308', '1e-308',
            '12345678901234567890123456789012345678901234567890.0987654321',
            repeat('9', 1000), '-' || repeat('9', 1000), '0.' || repeat('0', 999) || '1',
            '1.' || repeat('5', 1000), repeat('9', 1000) || '.' || repeat('9', 1000),
            'NaN', 'Infinity', '-Infinity']);
        IF finite_only AND v IN ('NaN', 'Infinity', '-Infinity') THEN
            v := '0';
        END IF;
    END IF;
    RETURN v;
END $$;

CREATE OR REPLACE FUNCTION cs_fuzz.float_text() RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF random() < 0.6 THEN
        RETURN round((random() * 200 - 100)::numeric, floor(random() * 6)::int)::text;
    END IF;
    RETURN cs_fuzz.pick(ARRAY['0', '-0', '1', '-1', '-5', '0.1', '10', '-10', '1e15', '-1e15',
        '1e100', '-1e100', '1e308', '-1e308', '1.7976931348623157e308', '-1.7976931348623157e308',
        '5e-324', '-5e-324', '1e-300', '709.78', '710', '-745.13', '-746', '2.2250738585072014e-308',
        'NaN', 'Infinity', '-Infinity']);
END $$;

CREATE OR REPLACE FUNCTION cs_fuzz.int_text(bits integer) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    r float8 := random();
BEGIN
    IF r < 0.40 THEN RETURN cs_fuzz.rint(0, 100)::text; END IF;
    IF r < 0.58 THEN RETURN cs_fuzz.rint(1, 2100)::text; END IF;    -- ids
    IF r < 0.65 THEN RETURN cs_fuzz.rint(-1000, 1000)::text; END IF;
    IF r < 0.72 THEN
        RETURN CASE bits WHEN 16 THEN cs_fuzz.rint(-32768, 32767)
                         WHEN 32 THEN cs_fuzz.rint(-2147483648, 2147483647)
                         ELSE cs_fuzz.rint(-4611686018427387904, 4611686018427387903) * 2
                              + cs_fuzz.rint(0, 1) END::text;
    END IF;
    RETURN CASE bits
        WHEN 16 THEN cs_fuzz.pick(ARRAY['0', '-1', '1', '32767', '-32768', '32766', '-32767'])
        WHEN 32 THEN cs_fuzz.pick(ARRAY['0', '-1', '1', '2', '4', '7', '10', '24', '30', '60',
                         '90', '180', '365', '366', '1000', '10000', '1000000', '2147483647',
                         '-2147483648', '2147483646', '-2147483647', '1073741824', '-100'])
        ELSE cs_fuzz.pick(ARRAY['0', '-1', '1', '2', '10', '1000', '2147483647', '2147483648',
                         '-2147483648', '-2147483649', '4294967296', '9223372036854775807',
                         '-9223372036854775808', '9223372036854775806', '-9223372036854775807'])
    END;
END $$;

CREATE OR REPLACE FUNCTION cs_fuzz.random_string(unicode boolean) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    n integer := floor(random() * 30)::int;
    s text := '';
    c integer;
BEGIN
    FOR i IN 1..n LOOP
        IF unicode THEN
            c := cs_fuzz.rint(1, 1114111);
            IF c BETWEEN 55296 AND 57343 THEN c := 128512; END IF;   -- no surrogates
        ELSE
            c := cs_fuzz.rint(32, 126);
        END IF;
        s := s || chr(c);
    END LOOP;
    RETURN s;
END $$;

CREATE OR REPLACE FUNCTION cs_fuzz.text_text() RETURNS text
LANGUAGE plpgsql VOLATILE AS $body$
DECLARE
    r float8 := random();
    w text;
BEGIN
    IF r < 0.40 THEN RETURN cs_fuzz.word(); END IF;
    IF r < 0.47 THEN RETURN cs_fuzz.random_string(false); END IF;
    IF r < 0.52 THEN RETURN cs_fuzz.random_string(true); END IF;
    IF r < 0.60 THEN
        w := cs_fuzz.word();
        RETURN cs_fuzz.pick(ARRAY[upper(w), initcap(w), ' ' || w || ' ', w || ',' || cs_fuzz.word(),
                                  w || w, w || E'\n', left(w, length(w) / 2)]);
    END IF;
    IF r < 0.65 THEN RETURN cs_fuzz.numeric_text(); END IF;
    RETURN cs_fuzz.pick(ARRAY['', ' ', 'NULL', 'null', 'NaN', 'nan', 'inf', 'Infinity', '-1', '0',
        '1e400', '-1e400', '100.001', '2024-02-29', 'infinity', '-infinity', 'now', 'epoch',
        repeat('x', 10000), repeat('é', 5000), repeat('a', 100000), repeat('1,', 5000) || '1',
        E'\\', '''', '"', '%s%s%n%d', '$1', '$$', '$q$', 'a''); DROP TABLE customers; --',
        '"; DROP TABLE customers; --', '{}', '[]', '{"a":1}', '{', '}', E'tab\there', E'line\nbreak',
        E'\r\n', 'ñandú ✓ 😀', E'\u200b', 'café', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '日本語', '.*', '(', '[a-', '\d+',
        '%', '_', '*', 'customers', 'pg_catalog.pg_class', 'public', 'pg_temp', 'id',
        'customer_id', 'desc', 'asc', 'ASC; SELECT 1', '1; SELECT pg_sleep(10)', '1,2,3',
        '3,2,1', '10000,50000,100000', '0', ',', ',,', '1,,2', '-1,0', 'feb28', 'mar1', 'feb29',
        'interested', 'INTERESTED', ' interested ', 'warm', 'WARM', 'Champions', 'champions',
        'At Risk', 'email', 'sms', 'whatsapp', 'phone', 'manual_update', 'refresh', 'import']);
END $body$;

CREATE OR REPLACE FUNCTION cs_fuzz.timestamp_expr(t text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    r float8 := random();
BEGIN
    IF r < 0.35 THEN        -- relative to now, mostly the past
        RETURN format('(now() - %L::interval)::%s',
                      round((random() * 420 - 20)::numeric, 4) || ' days', t);
    ELSIF r < 0.70 THEN
        RETURN format('%L::%s', (timestamptz '2020-01-01 00:00:00+00'
                                 + random() * interval '3650 days')::text, t);
    END IF;
    RETURN format('%L::%s', cs_fuzz.pick(ARRAY['infinity', '-infinity',
        '4714-11-24 00:00:00+00 BC', '4714-11-24 00:00:01+00 BC', '294276-12-31 23:59:59.999999+00',
        '294276-12-31 23:59:59+00', '1970-01-01 00:00:00+00', '2000-01-01 00:00:00+00',
        '0001-01-01 00:00:00+00', '2024-02-29 23:59:59.999999+00', '2000-02-29 00:00:00+00',
        '2100-03-01 00:00:00+00', '1999-12-31 23:59:60+00', '2024-03-31 01:30:00+00',
        '2024-10-27 01:30:00+00', 'epoch', 'now', 'today', 'tomorrow', 'yesterday']), t);
END $$;

CREATE OR REPLACE FUNCTION cs_fuzz.date_expr() RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    r float8 := random();
BEGIN
    IF r < 0.30 THEN
        RETURN format('(current_date + %s)', cs_fuzz.rint(-800, 400));
    ELSIF r < 0.70 THEN
        RETURN format('%L::date', (date '1940-01-01' + cs_fuzz.rint(0, 36500)::int)::text);
    END IF;
    RETURN format('%L::date', cs_fuzz.pick(ARRAY['infinity', '-infinity', '4714-11-24 BC',
        '5874897-12-31', '0001-01-01', '2000-02-29', '2024-02-29', '1988-02-29', '2023-02-28',
        '2023-03-01', '1900-02-28', '2100-02-28', '1970-01-01', '9999-12-31', '294276-12-31',
        '294277-01-01', 'epoch', 'today', 'tomorrow', 'yesterday']));
END $$;

-- a JSON text
CREATE OR REPLACE FUNCTION cs_fuzz.json_text(depth integer) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    r float8 := random();
    n integer;
    parts text[] := '{}';
    v text;
BEGIN
    IF depth = 0 AND r < 0.70 OR depth > 0 AND depth < 3 AND r < 0.12 THEN   -- an object
        n := floor(random() * (CASE WHEN depth = 0 THEN 8 ELSE 4 END))::int;
        FOR i IN 1..n LOOP
            parts := parts || (to_jsonb(CASE WHEN random() < 0.85 THEN cs_fuzz.word()
                                             ELSE cs_fuzz.text_text() END)::text
                               || ': ' || cs_fuzz.json_text(depth + 1));
        END LOOP;
        RETURN '{' || array_to_string(parts, ', ') || '}';
    END IF;
    IF depth < 3 AND r < 0.80 AND r >= 0.70 THEN     -- an array
        n := floor(random() * 5)::int;
        FOR i IN 1..n LOOP
            parts := parts || cs_fuzz.json_text(depth + 1);
        END LOOP;
        RETURN '[' || array_to_string(parts, ', ') || ']';
    END IF;
    r := random();
    IF r < 0.30 THEN RETURN to_jsonb(cs_fuzz.text_text())::text; END IF;
    IF r < 0.40 THEN RETURN to_jsonb(cs_fuzz.word())::text; END IF;
    IF r < 0.62 THEN RETURN cs_fuzz.numeric_text(true)::numeric::text; END IF;
    IF r < 0.68 THEN RETURN to_jsonb(cs_fuzz.numeric_text())::text; END IF;    -- "12.5", "NaN"
    IF r < 0.74 THEN RETURN cs_fuzz.pick(ARRAY['true', 'false']); END IF;
    IF r < 0.80 THEN RETURN 'null'; END IF;
    IF r < 0.86 THEN         -- a date or time as a string
        RETURN to_jsonb(cs_fuzz.pick(ARRAY[(date '1940-01-01' + cs_fuzz.rint(0, 36500)::int)::text,
            '2024-02-29', 'infinity', '-infinity', '294277-01-01', '2024-13-45', 'yesterday',
            (timestamptz '2020-01-01 00:00:00+00' + random() * interval '3650 days')::text,
            '18:00-20:00', '25:61']))::text;
    END IF;
    IF r < 0.96 THEN RETURN cs_fuzz.rint(-5, 2100)::text; END IF;
    RETURN cs_fuzz.pick(ARRAY['{}', '[]', '""', '[null]', '{"": null}',
        repeat('[', 2000) || repeat(']', 2000), repeat('{"a":', 500) || '1' || repeat('}', 500),
        '1e1000', '-1e1000', '1e-1000', '-0', '123456789012345678901234567890']);
END $$;

CREATE OR REPLACE FUNCTION cs_fuzz.jsonb_expr(t text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    r float8 := random();
BEGIN
    IF r < 0.04 THEN        -- a big object of every known key
        RETURN format('(SELECT jsonb_object_agg(w, %L::jsonb) FROM unnest((SELECT words FROM cs_fuzz.dict LIMIT 1)) AS w)::%s',
                      cs_fuzz.json_text(1), t);
    END IF;
    RETURN format('%L::%s', cs_fuzz.json_text(0), t);
END $$;

-- One value of any type, as an SQL expression of exactly that type.
CREATE OR REPLACE FUNCTION cs_fuzz.lit(typ oid, depth integer DEFAULT 0, nullable boolean DEFAULT true,
                                       colname text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    ty pg_type;
    tname text := format_type(typ, NULL);
    r float8;
    n integer;
    elems text[] := '{}';
    acc numeric;
    w numeric;
    labels text[];
BEGIN
    SELECT * INTO ty FROM pg_type WHERE oid = typ;
    IF nullable AND random() < 0.08 THEN
        RETURN 'NULL::' || tname;
    END IF;
    IF ty.typtype = 'd' THEN
        RETURN format('(%s)::%s', cs_fuzz.lit(ty.typbasetype, depth, false), tname);
    END IF;
    IF ty.typtype = 'e' THEN
        IF random() < 0.95 THEN
            SELECT array_agg(enumlabel ORDER BY enumsortorder) INTO labels FROM pg_enum WHERE enumtypid = typ;
            RETURN format('%L::%s', cs_fuzz.pick(labels), tname);
        END IF;
        RETURN format('%L::%s', cs_fuzz.text_text(), tname);   -- mostly not a label
    END IF;
    IF ty.typtype = 'c' THEN
        IF depth > 2 THEN RETURN 'NULL::' || tname; END IF;
        SELECT array_agg(cs_fuzz.lit(a.atttypid, depth + 1) ORDER BY a.attnum) INTO elems
        FROM pg_attribute a WHERE a.attrelid = ty.typrelid AND a.attnum > 0 AND NOT a.attisdropped;
        RETURN format('ROW(%s)::%s', array_to_string(elems, ', '), tname);
    END IF;
    IF ty.typcategory = 'A' AND ty.typelem <> 0 THEN
        IF depth > 2 THEN RETURN format('%L::%s', '{}', tname); END IF;
        r := random();
        IF r < 0.07 THEN
            RETURN format('%L::%s', '{}', tname);
        ELSIF r < 0.12 THEN     -- two dimensions
            n := cs_fuzz.pick(ARRAY[1, 2, 4, 8]);
            FOR i IN 1..2 LOOP
                elems := elems || ('ARRAY[' || (SELECT string_agg(cs_fuzz.lit(ty.typelem, depth + 1), ', ')
                                                FROM generate_series(1, n)) || ']');
            END LOOP;
            RETURN format('ARRAY[%s]::%s', array_to_string(elems, ', '), tname);
        ELSIF r < 0.15 THEN     -- long
            RETURN format('array_fill(%s, ARRAY[%s])::%s', cs_fuzz.lit(ty.typelem, depth + 1, false),
                          cs_fuzz.pick(ARRAY[100, 1000, 100000]), tname);
        ELSIF r < 0.19 THEN     -- not 1-based
            RETURN format('array_fill(%s, ARRAY[%s], ARRAY[%s])::%s', cs_fuzz.lit(ty.typelem, depth + 1, false),
                          cs_fuzz.pick(ARRAY[4, 8]), cs_fuzz.pick(ARRAY[0, -3, 2, 2147483640]), tname);
        ELSIF r < 0.30 AND ty.typelem IN ('numeric'::regtype, 'float8'::regtype) THEN
            -- 8 weights in [0, 1] summing to exactly 1
            acc := 1;
            FOR i IN 1..7 LOOP
                w := round(acc * random()::numeric, cs_fuzz.pick(ARRAY[2, 3, 4, 6]));
                elems := elems || w::text;
                acc := acc - w;
            END LOOP;
            elems := elems || acc::text;
            RETURN format('%L::%s', '{' || array_to_string(elems, ',') || '}', tname);
        ELSIF r < 0.42 AND ty.typelem IN ('numeric'::regtype, 'int4'::regtype, 'int8'::regtype, 'float8'::regtype) THEN
            -- 4 thresholds, ordered one way or the other
            n := CASE WHEN random() < 0.5 THEN 1 ELSE -1 END;
            SELECT array_agg(v::text ORDER BY v * n) INTO elems
            FROM (SELECT cs_fuzz.rint(-5, 6000) AS v FROM generate_series(1, 4)) s;
            RETURN format('%L::%s', '{' || array_to_string(elems, ',') || '}', tname);
        END IF;
        n := cs_fuzz.pick(ARRAY[0, 1, 2, 3, 4, 4, 4, 5, 6, 7, 8, 8, 8, 8, 9, 16]);
        IF n = 0 THEN RETURN format('%L::%s', '{}', tname); END IF;
        FOR i IN 1..n LOOP
            elems := elems || cs_fuzz.lit(ty.typelem, depth + 1);
        END LOOP;
        RETURN format('ARRAY[%s]::%s', array_to_string(elems, ', '), tname);
    END IF;

    -- columns that hold customer ids: mostly a customer that exists
    IF colname = 'customer_id' AND typ IN ('int8'::regtype, 'int4'::regtype) AND random() < 0.7 THEN
        RETURN format('%s::%s', cs_fuzz.rint(1, 2000), tname);
    END IF;

    CASE typ
        WHEN 'numeric'::regtype THEN RETURN format('%L::numeric', cs_fuzz.numeric_text());
        WHEN 'float8'::regtype, 'float4'::regtype THEN RETURN format('%L::%s', cs_fuzz.float_text(), tname);
        WHEN 'int2'::regtype THEN RETURN format('%L::int2', cs_fuzz.int_text(16));
        WHEN 'int4'::regtype THEN RETURN format('%L::int4', cs_fuzz.int_text(32));
        WHEN 'int8'::regtype THEN RETURN format('%L::int8', cs_fuzz.int_text(64));
        WHEN 'bool'::regtype THEN RETURN cs_fuzz.pick(ARRAY['true', 'false']);
        WHEN 'text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'name'::regtype THEN
            RETURN format('%L::%s', cs_fuzz.text_text(), tname);
        WHEN 'timestamptz'::regtype, 'timestamp'::regtype THEN RETURN cs_fuzz.timestamp_expr(tname);
        WHEN 'date'::regtype THEN RETURN cs_fuzz.date_expr();
        WHEN 'jsonb'::regtype, 'json'::regtype THEN RETURN cs_fuzz.jsonb_expr(tname);
        WHEN 'interval'::regtype THEN
            RETURN format('%L::interval', cs_fuzz.pick(ARRAY['0', '1 day', '-1 day', '1 hour',
                '30 days', '100 years', '-100 years', '178000000 years', '-178000000 years',
                '1 microsecond', '1 mon', '2147483647 days', '-2147483648 days']));
        WHEN 'time'::regtype, 'timetz'::regtype THEN
            RETURN format('%L::%s', cs_fuzz.pick(ARRAY['00:00', '23:59:59.999999', '24:00', '12:00',
                '18:00', '09:30']), tname);
        WHEN 'inet'::regtype THEN
            RETURN format('%L::inet', cs_fuzz.pick(ARRAY['127.0.0.1', '::1', '10.0.0.0/8', '255.255.255.255']));
        WHEN 'uuid'::regtype THEN
            RETURN format('%L::uuid', cs_fuzz.pick(ARRAY['00000000-0000-0000-0000-000000000000',
                'ffffffff-ffff-ffff-ffff-ffffffffffff', md5(random()::text)::uuid::text]));
        WHEN 'bytea'::regtype THEN
            RETURN format('%L::bytea', cs_fuzz.pick(ARRAY['', '\x00', '\xdeadbeef', cs_fuzz.text_text()]));
        WHEN 'regclass'::regtype THEN
            RETURN format('%L::regclass', cs_fuzz.pick(ARRAY['pg_class', 'pg_proc']));
        ELSE
            RETURN 'NULL::' || tname;
    END CASE;
END $$;

-- ----- statements ----------------------------------------------------------

-- A call of one function: all arguments, or some trailing defaults left out.
CREATE OR REPLACE FUNCTION cs_fuzz.call_sql(fn oid) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    p pg_proc;
    k integer;
    args text[] := '{}';
    callee text;
BEGIN
    SELECT * INTO p FROM pg_proc WHERE oid = fn;
    k := p.pronargs;
    IF p.pronargdefaults > 0 AND random() < 0.2 THEN
        k := k - cs_fuzz.rint(1, p.pronargdefaults)::int;
    END IF;
    FOR i IN 0 .. k - 1 LOOP
        args := args || (CASE WHEN p.provariadic <> 0 AND i = p.pronargs - 1 THEN 'VARIADIC ' ELSE '' END
                         || cs_fuzz.lit(p.proargtypes[i], 0, true, p.proargnames[i + 1]));
    END LOOP;
    callee := format('%I.%I(%s)', (SELECT nspname FROM pg_namespace WHERE oid = p.pronamespace),
                     p.proname, array_to_string(args, ', '));
    IF p.prokind = 'p' THEN
        RETURN 'CALL ' || callee;
    ELSIF p.proretset THEN
        RETURN format('SELECT count(*), sum(length(t::text)) FROM %s AS t', callee);
    END IF;
    -- ::text runs the result type's output function too
    RETURN format('SELECT length((%s)::text)', callee);
END $$;

-- A random INSERT / UPDATE / DELETE / TRUNCATE on one table.
CREATE OR REPLACE FUNCTION cs_fuzz.dml_sql(rel oid, OUT op text, OUT sql text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    qrel text := rel::regclass::text;
    r float8 := random();
    cols text[] := '{}';
    vals text[] := '{}';
    sets text[] := '{}';
    a record;
    n integer;
    pick_row text;
    has_truncate_trigger boolean;
BEGIN
    SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = rel AND NOT tgisinternal
                   AND (tgtype & 32) <> 0) INTO has_truncate_trigger;
    pick_row := format('ctid = (SELECT ctid FROM %s ORDER BY ctid LIMIT 1 OFFSET (%s %% greatest((SELECT count(*) FROM %s), 1)))',
                       qrel, cs_fuzz.rint(0, 100000), qrel);
    IF r < 0.5 THEN
        op := 'INSERT';
        FOR a IN SELECT attname, atttypid, attnotnull, atthasdef FROM pg_attribute
                 WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
                   AND attidentity <> 'a'
                 ORDER BY attnum LOOP
            IF random() < (CASE WHEN a.attnotnull AND NOT a.atthasdef THEN 0.95 ELSE 0.5 END) THEN
                cols := cols || quote_ident(a.attname);
                vals := vals || cs_fuzz.lit(a.atttypid, 0, true, a.attname);
            END IF;
        END LOOP;
        IF cardinality(cols) = 0 THEN
            sql := format('INSERT INTO %s DEFAULT VALUES', qrel);
        ELSE
            sql := format('INSERT INTO %s (%s) VALUES (%s)', qrel, array_to_string(cols, ', '),
                          array_to_string(vals, ', '));
        END IF;
    ELSIF r < 0.85 THEN
        op := 'UPDATE';
        n := cs_fuzz.rint(1, 3)::int;
        FOR a IN SELECT attname, atttypid FROM pg_attribute
                 WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
                 ORDER BY random() LIMIT n LOOP
            sets := sets || format('%I = %s', a.attname, cs_fuzz.lit(a.atttypid, 0, true, a.attname));
        END LOOP;
        sql := format('UPDATE %s SET %s WHERE %s', qrel, array_to_string(sets, ', '),
                      CASE WHEN random() < 0.05 THEN 'true' ELSE pick_row END);
    ELSIF r < 0.97 OR NOT has_truncate_trigger THEN
        op := 'DELETE';
        sql := format('DELETE FROM %s WHERE %s', qrel, pick_row);
    ELSE
        op := 'TRUNCATE';
        sql := format('TRUNCATE %s CASCADE', qrel);
    END IF;
END $$;

-- Functions to call: the extension's, minus trigger functions and anything
-- whose arguments or result cannot be written down (internal, any*).
CREATE OR REPLACE FUNCTION cs_fuzz.targets(name_re text) RETURNS TABLE (fn oid, sig text)
LANGUAGE sql STABLE AS $$
    SELECT p.oid, p.oid::regprocedure::text
    FROM pg_proc p
    WHERE p.oid IN (SELECT cs_fuzz.ext_objects('pg_proc'))
      AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype, 'internal'::regtype)
      AND p.prokind IN ('f', 'p')
      AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes) t WHERE t = 'internal'::regtype)
      AND p.oid::regprocedure::text ~ coalesce(nullif(name_re, ''), '')
    ORDER BY 2
$$;

CREATE OR REPLACE FUNCTION cs_fuzz.trigger_tables(name_re text) RETURNS TABLE (rel oid, name text)
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT t.tgrelid, t.tgrelid::regclass::text
    FROM pg_trigger t
    WHERE NOT t.tgisinternal AND t.tgfoid IN (SELECT cs_fuzz.ext_objects('pg_proc'))
      AND t.tgrelid::regclass::text ~ coalesce(nullif(name_re, ''), '')
    ORDER BY 2
$$;

-- Generate round `rnd`: `calls` entries per function, per trigger table, and
-- `calls` combos; interleaved, so that a deadline cuts every target short
-- evenly.  Returns the number of entries.
CREATE OR REPLACE FUNCTION cs_fuzz.generate(rnd integer, calls integer, seed bigint, name_re text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    fns oid[];
    rels oid[];
    tbls oid[];
    gucs text[];
    f oid;
    t oid;
    d record;
    first text;
    n bigint := 0;
BEGIN
    PERFORM setseed(((seed * 7919) % 2000001) / 1000000.0 - 1);
    PERFORM cs_fuzz.load_dict();
    SELECT coalesce(array_agg(fn ORDER BY sig), '{}') INTO fns FROM cs_fuzz.targets(name_re);
    SELECT coalesce(array_agg(rel ORDER BY name), '{}') INTO rels FROM cs_fuzz.trigger_tables(name_re);
    SELECT array_agg(c.oid ORDER BY c.relname) INTO tbls FROM pg_class c
    WHERE c.oid IN (SELECT cs_fuzz.ext_objects('pg_class')) AND c.relkind = 'r';
    SELECT array_agg(name ORDER BY name) INTO gucs FROM pg_settings WHERE name LIKE 'customer_scoring.%';
    DELETE FROM cs_fuzz.plan WHERE round = rnd;
    FOR i IN 1..calls LOOP
        FOREACH f IN ARRAY fns LOOP
            INSERT INTO cs_fuzz.plan (round, target, kind, stmts)
            VALUES (rnd, f::regprocedure::text, 'call', ARRAY[cs_fuzz.call_sql(f)]);
            n := n + 1;
        END LOOP;
        FOREACH t IN ARRAY rels LOOP
            d := cs_fuzz.dml_sql(t);
            INSERT INTO cs_fuzz.plan (round, target, kind, stmts)
            VALUES (rnd, d.op || ' ' || t::regclass::text, 'dml', ARRAY[d.sql]);
            n := n + 1;
        END LOOP;
        IF name_re = '' THEN       -- a combo: change an input, then use it
            IF random() < 0.35 AND gucs IS NOT NULL THEN
                first := format('SELECT set_config(%L, %L, true)', cs_fuzz.pick(gucs),
                                cs_fuzz.pick(ARRAY[cs_fuzz.text_text(), cs_fuzz.numeric_text(),
                                                   cs_fuzz.float_text(), cs_fuzz.int_text(32)]));
            ELSE
                first := (cs_fuzz.dml_sql(cs_fuzz.pick(tbls))).sql;
            END IF;
            IF random() < 0.6 AND cardinality(fns) > 0 THEN
                INSERT INTO cs_fuzz.plan (round, target, kind, stmts)
                VALUES (rnd, 'combo', 'combo', ARRAY[first, cs_fuzz.call_sql(cs_fuzz.pick(fns))]);
            ELSIF cardinality(rels) > 0 THEN
                INSERT INTO cs_fuzz.plan (round, target, kind, stmts)
                VALUES (rnd, 'combo', 'combo', ARRAY[first, (cs_fuzz.dml_sql(cs_fuzz.pick(rels))).sql]);
            END IF;
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END $$;

-- Run one plan entry in a subtransaction that is always rolled back, and
-- record the outcome.  query_canceled (statement_timeout) is caught by name:
-- WHEN OTHERS does not catch it.
CREATE OR REPLACE FUNCTION cs_fuzz.run(entry bigint, deadline timestamptz)
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    stmts text[];
    s text;
    st text := 'ok';
    msg text;
BEGIN
    IF clock_timestamp() > deadline THEN
        INSERT INTO cs_fuzz.outcome VALUES (entry, 'skipped', NULL)
        ON CONFLICT (plan_id) DO UPDATE SET state = excluded.state, message = NULL;
        RETURN;
    END IF;
    SELECT p.stmts INTO stmts FROM cs_fuzz.plan p WHERE p.id = entry;
    BEGIN
        FOREACH s IN ARRAY stmts LOOP
            EXECUTE s;
        END LOOP;
        RAISE SQLSTATE 'FZ000';         -- undo whatever the statements wrote
    EXCEPTION
        WHEN SQLSTATE 'FZ000' THEN
            st := 'ok';
        WHEN query_canceled THEN
            st := '57014';
            msg := 'canceling statement due to statement timeout';
        WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    END;
    INSERT INTO cs_fuzz.outcome VALUES (entry, st, left(msg, 500))
    ON CONFLICT (plan_id) DO UPDATE SET state = excluded.state, message = excluded.message;
END $$;

-- Per-target summary of rounds [r1, r2].
CREATE OR REPLACE FUNCTION cs_fuzz.report(r1 integer, r2 integer)
RETURNS TABLE (target text, calls bigint, ok bigint, errors bigint, timeouts bigint,
               findings bigint, skipped bigint, top_errors text)
LANGUAGE sql STABLE AS $$
    WITH o AS (
        SELECT p.target, coalesce(o.state, 'not run') AS state
        FROM cs_fuzz.plan p LEFT JOIN cs_fuzz.outcome o ON o.plan_id = p.id
        WHERE p.round BETWEEN r1 AND r2
    ), e AS (
        SELECT target, state, count(*) AS n FROM o
        WHERE state NOT IN ('ok', 'skipped', 'not run') GROUP BY 1, 2
    )
    SELECT replace(replace(replace(replace(o.target, 'timestamp with time zone', 'timestamptz'),
                   'double precision', 'float8'), 'integer', 'int'), 'boolean', 'bool'),
           count(*) FILTER (WHERE state NOT IN ('skipped', 'not run')),
           count(*) FILTER (WHERE state = 'ok'),
           count(*) FILTER (WHERE state NOT IN ('ok', 'skipped', 'not run')),
           count(*) FILTER (WHERE state = '57014'),
           count(*) FILTER (WHERE state ~ '^(XX|58)'),
           count(*) FILTER (WHERE state IN ('skipped', 'not run')),
           (SELECT string_agg(e.state || '×' || e.n, ' ' ORDER BY e.n DESC, e.state)
            FROM e WHERE e.target = o.target)
    FROM o GROUP BY o.target ORDER BY o.target
$$;

SELECT pg_advisory_unlock(hashtext('cs_fuzz setup')) AS unlocked \gset

-- ---------------------------------------------------------------------------
-- Generate this round, run it, report.
-- ---------------------------------------------------------------------------
SELECT coalesce(max(round), 0) + 1 AS round FROM cs_fuzz.plan \gset
SELECT cs_fuzz.generate(:round, :calls, :seed, :'only') AS planned \gset
\echo fuzz_arguments: round :round (seed :seed): :planned statements planned

\set ON_ERROR_STOP 0
SET statement_timeout = :'call_timeout';
\o /dev/null
SELECT format('SELECT cs_fuzz.run(%s, %L)', id, :'deadline') FROM cs_fuzz.plan WHERE round = :round ORDER BY id \gexec
\o
SET statement_timeout = 0;
\set ON_ERROR_STOP 1

\pset footer off
\echo
\echo Per target (errors by SQLSTATE; XX*/58* are findings):
SELECT target, calls, ok, errors, timeouts, findings, top_errors
FROM cs_fuzz.report(:round, :round);

SELECT count(*) > 0 AS has_findings FROM cs_fuzz.plan p JOIN cs_fuzz.outcome o ON o.plan_id = p.id
WHERE p.round = :round AND o.state ~ '^(XX|58)' \gset
\if :has_findings
\echo FINDINGS (internal or system errors):
SELECT p.id, p.target, o.state, o.message, array_to_string(p.stmts, E';\n') AS sql
FROM cs_fuzz.plan p JOIN cs_fuzz.outcome o ON o.plan_id = p.id
WHERE p.round = :round AND o.state ~ '^(XX|58)' ORDER BY p.id;
\endif

\pset tuples_only on
\pset format unaligned
SELECT format('fuzz_arguments: round %s: %s calls, ok %s, errors %s (timeouts %s), findings %s, skipped %s',
              :round, sum(calls), sum(ok), sum(errors), sum(timeouts), sum(findings), sum(skipped))
FROM cs_fuzz.report(:round, :round);
