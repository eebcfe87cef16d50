# customer_scoring — PGXS build.
#
# The install script of the version under development,
# customer_scoring--$(EXTVERSION).sql, is generated from src/sql/: the header,
# then schema/ (types and tables, which only upgrade scripts change once
# released), then code/ (functions, triggers, views).  Released install
# scripts and every upgrade script are committed files at the top level and
# are never edited once released; the version lives only in the control file.

EXTENSION  = customer_scoring
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = customer_scoring
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

SQL_SCHEMA = $(sort $(wildcard src/sql/schema/*.sql))
SQL_CODE   = $(sort $(wildcard src/sql/code/*.sql))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(sort $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*.sql)) $(UPGRADE_1_1))

# pg_regress: install first, uninstall last, features in between.
REGRESS = install numeric_layout warmth lead rfm health cdm api exactness uninstall
REGRESS_OPTS = --inputdir=. --load-extension=plpgsql

PG_CPPFLAGS = -I$(srcdir)/src
EXTRA_CLEAN = $(DATA_built)

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(DATA_built): src/sql/header.sql $(SQL_SCHEMA) $(SQL_CODE) $(EXTENSION).control
	{ sed 's/@EXTVERSION@/$(EXTVERSION)/' src/sql/header.sql; cat $(SQL_SCHEMA) $(SQL_CODE); } > $@.tmp
	mv $@.tmp $@

# The upgrade from 1.0, generated while 1.1 is under development and
# committed: part 1 (objects removed or reshaped, table changes), the tables
# new in 1.1, every function, trigger and view of src/sql/code as CREATE OR
# REPLACE, part 2 (data moved).  When 1.1 is released this rule goes and the
# file is frozen like customer_scoring--1.0.sql.  test/shell/upgrade.sh checks
# that an updated 1.0 equals a fresh 1.1; test/shell/packaging.sh that the
# committed file is what this rule builds.
UPGRADE_1_1 = $(EXTENSION)--1.0--1.1.sql
UPGRADE_1_1_NEW_SCHEMA = src/sql/schema/17_settings.sql src/sql/schema/18_predictions.sql \
                         src/sql/schema/19_alerts.sql src/sql/schema/20_nightly_log.sql \
                         src/sql/schema/21_health_benchmarks.sql
$(UPGRADE_1_1): src/upgrade/1.0--1.1-before.sql $(UPGRADE_1_1_NEW_SCHEMA) $(SQL_CODE) \
		src/upgrade/1.0--1.1-after.sql src/upgrade/or-replace.sed
	{ cat src/upgrade/1.0--1.1-before.sql $(UPGRADE_1_1_NEW_SCHEMA); \
	  sed -f src/upgrade/or-replace.sed $(SQL_CODE); \
	  cat src/upgrade/1.0--1.1-after.sql; } > $@.tmp
	mv $@.tmp $@

all: $(UPGRADE_1_1)

# each C file includes postgres.h and the headers of what it uses; make
# rebuilds a file when one of them changes
$(OBJS): $(wildcard src/*.h)

# ---- packaging (PGXN) --------------------------------------------------------
# META.json is generated from META.json.in, so that the version stays in the
# control file only.  PGXN wants a semantic version: 1.0 there is 1.0.0 here.
EXTSEMVER = $(shell echo '$(EXTVERSION)' | sed -E 's/^([0-9]+)$$/\1.0.0/; s/^([0-9]+\.[0-9]+)$$/\1.0/')
DISTNAME  = $(EXTENSION)-$(EXTSEMVER)

META.json: META.json.in $(EXTENSION).control
	sed -e 's/@EXTVERSION@/$(EXTVERSION)/g' -e 's/@SEMVER@/$(EXTSEMVER)/g' $< > $@.tmp
	mv $@.tmp $@

# make dist: the release archive PGXN takes, $(DISTNAME).zip, with every file
# under $(DISTNAME)/: the committed tree (git archive HEAD) plus META.json.
# Commit first; uncommitted changes are not in the archive.
.PHONY: dist
dist: META.json
	@git status --porcelain --untracked-files=no | grep -q . \
	    && echo "warning: uncommitted changes are not in $(DISTNAME).zip (it is built from HEAD)" >&2 || true
	@if git ls-files --error-unmatch META.json >/dev/null 2>&1; then \
	    git diff --quiet HEAD -- META.json \
	        || { echo "error: META.json differs from HEAD; commit it first" >&2; exit 1; }; \
	    git archive --format zip --prefix=$(DISTNAME)/ -o $(DISTNAME).zip HEAD; \
	else \
	    git archive --format zip --prefix=$(DISTNAME)/ --add-file=META.json -o $(DISTNAME).zip HEAD; \
	fi
	@echo "$(DISTNAME).zip"

# ---- pgTAP and shell tests against a running server --------------------------
# The server of PGHOST/PGPORT/PGUSER, with the extension installed (make
# install), as make installcheck uses it.  scripts/test runs these too, on a
# throw-away cluster of its own.
#   make prove_installcheck   pg_prove test/*.sql in a fresh database cs_tap
#   make prove_shell          prove test/shell/*.sh with a fresh database cs_shell
.PHONY: prove_installcheck prove_shell
prove_installcheck:
	dropdb --if-exists cs_tap
	createdb cs_tap
	psql -X -q -v ON_ERROR_STOP=1 -d cs_tap -c 'CREATE EXTENSION pgtap' -c 'CREATE EXTENSION customer_scoring'
	pg_prove -d cs_tap test/*.sql

prove_shell:
	dropdb --if-exists cs_shell
	createdb cs_shell
	psql -X -q -v ON_ERROR_STOP=1 -d cs_shell -c 'CREATE EXTENSION customer_scoring'
	CS_ROOT=$(CURDIR) CS_DB=cs_shell PGDATABASE=cs_shell prove test/shell/*.sh
