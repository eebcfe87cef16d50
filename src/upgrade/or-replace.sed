# src/upgrade/or-replace.sed — turns the install script's CREATE statements of
# functions, procedures, aggregates, triggers and views into CREATE OR REPLACE,
# for the upgrade scripts: they re-create every such object from src/sql/code
# and so keep the grants and the user's objects that depend on them.
# PostgreSQL refuses CREATE OR REPLACE in an extension script when the
# existing object does not belong to the extension, so this cannot take over
# someone else's function (CVE-2022-2625).
s/^CREATE FUNCTION /CREATE OR REPLACE FUNCTION /
s/^CREATE PROCEDURE /CREATE OR REPLACE PROCEDURE /
s/^CREATE AGGREGATE /CREATE OR REPLACE AGGREGATE /
s/^CREATE TRIGGER /CREATE OR REPLACE TRIGGER /
s/^CREATE VIEW /CREATE OR REPLACE VIEW /
