#!/usr/bin/env bash
# test/shell/packaging.sh — the PGXN packaging (README "Install", CHANGELOG).
#   * make META.json generates META.json from META.json.in; it parses as JSON
#     and follows the PGXN meta spec 1.0.0 (https://pgxn.org/meta/spec.txt):
#     required keys, no unknown keys, a Term as name, semantic versions,
#     known license, provides with file and version, prereqs phases and
#     relationships, tags, meta-spec, release_status;
#   * the version is kept in one place: META.json's version and
#     provides.customer_scoring.version are the control file's default_version
#     as a semantic version (1.0 → 1.0.0), and provides.file is the install
#     script the Makefile generates (customer_scoring--<default_version>.sql);
#     changing the control file alone changes all of them;
#   * a META.json present in the checkout is the one make would generate;
#   * make dist builds customer_scoring-<version>.zip with every file under
#     customer_scoring-<version>/: META.json, the control file, Makefile,
#     src/ (C and SQL), sql/ + expected/, test/, README.md, CHANGELOG.md, and
#     no build products; `make` succeeds in the unpacked archive.
# Everything happens in temporary copies of the working tree (tracked files
# and new files not ignored by .gitignore), never in the checkout itself.
# Perl's core JSON::PP and IO::Uncompress::Unzip do the reading, so nothing
# beyond what pg_prove already needs is required; make dist needs git.
set -euo pipefail

ROOT=${CS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
MAKEVARS=(PG_CONFIG="$PG_CONFIG" with_llvm=no)

# shellcheck source=test/shell/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/tap.sh"
skip() { N=$((N + 1)); echo "ok $N # skip $1"; }
# check DESCRIPTION OUTPUT — passes when the checker printed nothing
check() { if [ -z "$2" ]; then pass "$1"; else fail "$1" "$2"; fi; }

# one check per upgrade script to the version under development
UPGRADES=$(find "$ROOT" -maxdepth 1 -name "customer_scoring--*--$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$ROOT/customer_scoring.control").sql" | wc -l)
echo "1..$((16 + UPGRADES))"

# snapshot DIR — copy the working tree's tracked files and its new files that
# .gitignore does not exclude (the files a commit would hold) into DIR.
snapshot() {
    mkdir -p "$1"
    if command -v git >/dev/null 2>&1 && git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
        (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
            | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
            | tar --null -T - -cf -) | tar -C "$1" -xf -
    else
        (cd "$ROOT" && tar --exclude=.git -cf - .) | tar -C "$1" -xf -
    fi
}

# meta_get FILE PATH... — a value of META.json (hash keys), or "" when absent
meta_get() {
    perl -MJSON::PP -e '
        local $/; open my $fh, "<", shift @ARGV or die "$!\n"; my $v = decode_json(<$fh>);
        for my $k (@ARGV) { $v = ref $v eq "HASH" ? $v->{$k} : undef }
        print defined $v ? $v : "";' "$@"
}

# The checks of PGXN meta spec 1.0.0 (the rules of pgxn/meta's v1 JSON schema):
# prints one line per problem, nothing when META.json is valid.
validate_meta() {
    perl -MJSON::PP -e '
        use strict; use warnings;
        local $/; open my $fh, "<", $ARGV[0] or die "$!\n";
        my $m = eval { decode_json(<$fh>) } or do { print "not JSON: $@"; exit };
        my @p;
        my $semver = qr/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
        my $term = qr/^[^\/\\\s\p{Cntrl}]{2,}$/;
        my $str = sub { defined $_[0] && !ref $_[0] && length $_[0] };
        ref $m eq "HASH" or do { print "not an object\n"; exit };
        for my $k (qw(name version abstract maintainer license provides meta-spec)) {
            push @p, "required key $k missing" unless exists $m->{$k};
        }
        my %known = map { $_ => 1 } qw(name version abstract maintainer license provides meta-spec
            description generated_by tags no_index prereqs release_status resources);
        push @p, "unknown key $_" for grep { !$known{$_} && !/^[xX]_./ } sort keys %$m;
        push @p, "name is not a Term" unless $str->($m->{name}) && $m->{name} =~ $term;
        push @p, "version is not a semantic version" unless $str->($m->{version}) && $m->{version} =~ $semver;
        for my $k (qw(abstract description generated_by)) {
            push @p, "$k must be a non-empty string" if exists $m->{$k} && !$str->($m->{$k});
        }
        my $mt = $m->{maintainer};
        push @p, "maintainer must be a string or a list of strings"
            unless $str->($mt) || (ref $mt eq "ARRAY" && @$mt && !grep { !$str->($_) } @$mt);
        my %lic = map { $_ => 1 } qw(agpl_3 apache_1_1 apache_2_0 artistic_1 artistic_2 bsd freebsd
            gfdl_1_2 gfdl_1_3 gpl_1 gpl_2 gpl_3 lgpl_2_1 lgpl_3_0 mit mozilla_1_0 mozilla_1_1 openssl
            perl_5 postgresql qpl_1_0 ssleay sun zlib open_source restricted unrestricted unknown);
        my $l = $m->{license};
        push @p, "license is not a known license"
            unless ($str->($l) && $lic{$l}) || (ref $l eq "ARRAY" && @$l && !grep { !$lic{$_} } @$l)
                || (ref $l eq "HASH" && %$l);
        my $pv = $m->{provides};
        if (ref $pv ne "HASH" || !%$pv) { push @p, "provides must be a non-empty object" }
        else {
            for my $e (sort keys %$pv) {
                my $x = $pv->{$e};
                push @p, "provides key $e is not a Term" unless $e =~ $term;
                if (ref $x ne "HASH") { push @p, "provides.$e must be an object"; next }
                push @p, "provides.$e.file missing" unless $str->($x->{file}) && length $x->{file} >= 2;
                push @p, "provides.$e.version is not a semantic version"
                    unless $str->($x->{version}) && $x->{version} =~ $semver;
                for my $k (sort keys %$x) {
                    push @p, "provides.$e has unknown key $k"
                        unless $k =~ /^(file|version|abstract|docfile|docpath)$/ || $k =~ /^[xX]_./;
                }
            }
        }
        my $ms = $m->{"meta-spec"};
        push @p, "meta-spec.version must be 1.0.x"
            unless ref $ms eq "HASH" && $str->($ms->{version}) && $ms->{version} =~ /^1\.0\.\d+$/;
        push @p, "meta-spec.url must be https://pgxn.org/meta/spec.txt"
            if ref $ms eq "HASH" && exists $ms->{url} && ($ms->{url} // "") !~ m{^https?://pgxn\.org/meta/spec\.txt$};
        if (exists $m->{release_status}) {
            push @p, "release_status must be stable, testing or unstable"
                unless ($m->{release_status} // "") =~ /^(stable|testing|unstable)$/;
        }
        if (exists $m->{tags}) {
            my $t = $m->{tags};
            push @p, "tags must be a non-empty list"
                unless ref $t eq "ARRAY" && @$t;
            push @p, "tag \"$_\" is not a Tag"
                for grep { !$str->($_) || length $_ < 2 || length $_ > 255 || /[\/\\\p{Cntrl}]/ }
                    (ref $t eq "ARRAY" ? @$t : ());
        }
        my $range = qr/^(?:(?:[=!]=|[<>]=?)\s*)?(?:\d+\.\d+\.\d+\S*|0)(?:,\s*(?:(?:[=!]=|[<>]=?)\s*)?\d+\.\d+\.\d+\S*)*$/;
        if (exists $m->{prereqs}) {
            my $pr = $m->{prereqs};
            if (ref $pr ne "HASH" || !%$pr) { push @p, "prereqs must be a non-empty object" }
            else {
                for my $ph (sort keys %$pr) {
                    next if $ph =~ /^[xX]_/;
                    push @p, "prereqs phase $ph unknown"
                        unless $ph =~ /^(configure|build|test|runtime|develop)$/;
                    my $rels = $pr->{$ph};
                    if (ref $rels ne "HASH" || !%$rels) { push @p, "prereqs.$ph must be a non-empty object"; next }
                    for my $r (sort keys %$rels) {
                        next if $r =~ /^[xX]_/;
                        push @p, "prereqs.$ph relationship $r unknown"
                            unless $r =~ /^(requires|recommends|suggests|conflicts)$/;
                        my $deps = $rels->{$r};
                        if (ref $deps ne "HASH" || !%$deps) { push @p, "prereqs.$ph.$r must be a non-empty object"; next }
                        for my $d (sort keys %$deps) {
                            push @p, "prereqs.$ph.$r: $d is not a Term" unless $d =~ $term;
                            my $v = $deps->{$d};
                            push @p, "prereqs.$ph.$r.$d is not a version range"
                                unless defined $v && !ref $v && ("$v" eq "0" || $v =~ $range);
                        }
                    }
                }
            }
        }
        if (exists $m->{no_index}) {
            my $ni = $m->{no_index};
            push @p, "no_index must be an object with file or directory"
                unless ref $ni eq "HASH" && (exists $ni->{file} || exists $ni->{directory});
        }
        push @p, "resources must be an object" if exists $m->{resources} && ref $m->{resources} ne "HASH";
        print "$_\n" for @p;' "$1"
}

# ---- META.json ------------------------------------------------------------------
SRC=$TMP/src
snapshot "$SRC"
rm -f "$SRC/META.json"
out=$(make -C "$SRC" -s "${MAKEVARS[@]}" META.json 2>&1) && rc=0 || rc=$?
if [ "$rc" -eq 0 ] && [ -s "$SRC/META.json" ]; then pass "make META.json generates META.json from META.json.in"
else fail "make META.json generates META.json from META.json.in" "$out"; fi
META=$SRC/META.json

check "META.json is valid JSON (JSON::PP)" \
    "$(perl -MJSON::PP -e 'local $/; eval { decode_json(<STDIN>); 1 } or print $@' <"$META" 2>&1)"
check "META.json follows the PGXN meta spec 1.0.0 (required keys, types, formats)" "$(validate_meta "$META")"

control=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$SRC/customer_scoring.control")
case $control in
    *.*.*) semver=$control ;;
    *.*)   semver=$control.0 ;;
    *)     semver=$control.0.0 ;;
esac
is "$(meta_get "$META" version)" "$semver" \
   "META.json version is the control file's default_version '$control' as a semantic version"
is "$(meta_get "$META" provides customer_scoring version)" "$semver" \
   "provides.customer_scoring.version agrees"
is "$(meta_get "$META" name)/$(meta_get "$META" provides customer_scoring file)" \
   "customer_scoring/customer_scoring--$control.sql" \
   "name is customer_scoring and provides.file is the generated install script customer_scoring--$control.sql"

out=$(make -C "$SRC" -s "${MAKEVARS[@]}" "customer_scoring--$control.sql" 2>&1) && rc=0 || rc=$?
if [ "$rc" -eq 0 ] && [ -s "$SRC/customer_scoring--$control.sql" ] \
   && [ -f "$SRC/$(meta_get "$META" provides customer_scoring docfile)" ]; then
    pass "the Makefile builds that install script; the docfile exists"
else
    fail "the Makefile builds that install script; the docfile exists" "$out"
fi

is "$(meta_get "$META" prereqs runtime requires PostgreSQL)/$(meta_get "$META" license)/$(meta_get "$META" release_status)" \
   "15.0.0/postgresql/stable" "prereqs PostgreSQL >= 15.0.0, license postgresql, release_status stable"

# One place: bump the control file only, and everything follows.
cp -a "$SRC" "$TMP/bump"
sed -i "s/^default_version *=.*/default_version = '9.8'/" "$TMP/bump/customer_scoring.control"
make -C "$TMP/bump" -s "${MAKEVARS[@]}" META.json >/dev/null 2>&1 || true
is "$(meta_get "$TMP/bump/META.json" version) $(meta_get "$TMP/bump/META.json" provides customer_scoring version) $(meta_get "$TMP/bump/META.json" provides customer_scoring file)" \
   "9.8.0 9.8.0 customer_scoring--9.8.sql" \
   "changing default_version in the control file alone regenerates every version in META.json"
rm -rf "$TMP/bump"

if [ -f "$ROOT/META.json" ]; then
    if cmp -s "$ROOT/META.json" "$META"; then pass "the checkout's META.json is current (what make META.json generates)"
    else fail "the checkout's META.json is current; run make META.json" "$(diff "$ROOT/META.json" "$META" || true)"; fi
else
    pass "the checkout has no stale META.json (make META.json or make dist generates it)"
fi

# The upgrade script of the version under development is generated (see the
# Makefile) and committed: the committed file must be what make builds.
for up in "$ROOT"/customer_scoring--*--"$control".sql; do
    [ -e "$up" ] || continue
    name=$(basename "$up")
    rm -f "$SRC/$name"
    out=$(make -C "$SRC" -s "${MAKEVARS[@]}" "$name" 2>&1) && rc=0 || rc=$?
    if [ "$rc" -eq 0 ] && cmp -s "$SRC/$name" "$up"; then
        pass "the committed $name is what make builds from src/"
    else
        fail "the committed $name is what make builds from src/; run make and commit it" "$out" \
             "$(diff "$up" "$SRC/$name" 2>&1 | head -n 20 || true)"
    fi
done

if [ -f "$SRC/CHANGELOG.md" ] && grep -qE "^## $control \([0-9]{4}-[0-9]{2}-[0-9]{2}\)" "$SRC/CHANGELOG.md"; then
    pass "CHANGELOG.md has an entry for $control with its date"
else
    fail "CHANGELOG.md has an entry for $control with its date"
fi

# ---- make dist ------------------------------------------------------------------
# shellcheck disable=SC2016  # perl code, expanded by perl
ZIPTOOL='
    use strict; use warnings;
    use IO::Uncompress::Unzip qw($UnzipError);
    use File::Path qw(make_path); use File::Basename qw(dirname);
    my ($zip, $dest) = @ARGV;
    my $u = IO::Uncompress::Unzip->new($zip) or die "cannot open $zip: $UnzipError\n";
    my $status;
    for ($status = 1; $status > 0; $status = $u->nextStream) {
        my $name = $u->getHeaderInfo->{Name};
        die "unsafe path $name\n" if $name =~ m{(^/|(^|/)\.\.(/|$))};
        unless (defined $dest) { print "$name\n"; next }
        my $path = "$dest/$name";
        if ($name =~ m{/$}) { make_path($path); next }
        make_path(dirname($path));
        open my $fh, ">", $path or die "$path: $!\n"; binmode $fh;
        my ($buf, $r);
        while (($r = $u->read($buf)) > 0) { print $fh $buf }
        die "read error in $name: $UnzipError\n" if $r < 0;
        close $fh;
    }
    die "unzip error: $UnzipError\n" if $status < 0;'

if ! command -v git >/dev/null 2>&1; then
    for d in "make dist builds the archive" "archive contents" "archive META.json" \
             "no build products" "make in the unpacked archive"; do skip "$d: git is not installed"; done
    exit 0
fi

# A repository whose one commit is the working tree: make dist archives HEAD.
DIST=$TMP/dist
snapshot "$DIST"
rm -f "$DIST/META.json"
(cd "$DIST" && git init -q && git add -A &&
 git -c user.name=packaging-test -c user.email=packaging-test@localhost \
     commit -q -m snapshot) >/dev/null 2>&1
out=$(make -C "$DIST" -s "${MAKEVARS[@]}" dist 2>&1) && rc=0 || rc=$?
ZIP=$DIST/customer_scoring-$semver.zip
if [ "$rc" -eq 0 ] && [ -s "$ZIP" ]; then pass "make dist builds customer_scoring-$semver.zip"
else fail "make dist builds customer_scoring-$semver.zip" "exit $rc" "$out"; fi

P=customer_scoring-$semver
list=$(perl -e "$ZIPTOOL" "$ZIP" 2>&1 || true)
missing=""
for want in "$P/META.json" "$P/META.json.in" "$P/customer_scoring.control" "$P/Makefile" \
            "$P/README.md" "$P/CHANGELOG.md" "$P/src/numeric_util.h" "$P/src/sql/header.sql" \
            "$P/src/sql/code/62_nightly.sql" "$P/customer_scoring--1.0.sql" "$P/customer_scoring--1.0--1.1.sql" "$P/sql/install.sql" "$P/expected/install.out" \
            "$P/test/comments.sql" "$P/scripts/nightly.sql"; do
    grep -qxF "$want" <<<"$list" || missing+="$want "
done
outside=$(grep -v "^$P/" <<<"$list" || true)
if [ -z "$missing" ] && [ -z "$outside" ] && grep -qE "^$P/src/[a-z_]+\.c$" <<<"$list"; then
    pass "the archive holds META.json, control file, Makefile, src/, sql/, expected/, test/, docs, all under $P/"
else
    fail "the archive holds the release files under $P/" "missing: ${missing:-none}" "outside $P/: ${outside:-none}"
fi
built=$(grep -E '\.(o|so|bc|zip)$|^'"$P"'/(customer_scoring--'"${control//./\\.}"'\.sql$|results/|regression\.(diffs|out)$)' <<<"$list" || true)
check "the archive holds no build products (.o, .so, generated install script, results)" "$built"

UNPACK=$TMP/unpack
mkdir -p "$UNPACK"
out=$(perl -e "$ZIPTOOL" "$ZIP" "$UNPACK" 2>&1) && rc=0 || rc=$?
if [ "$rc" -eq 0 ] && cmp -s "$UNPACK/$P/META.json" "$META"; then
    pass "the archive's META.json is the generated one"
else
    fail "the archive's META.json is the generated one" "$out"
fi

out=$(make -C "$UNPACK/$P" "${MAKEVARS[@]}" 2>&1) && rc=0 || rc=$?
if [ "$rc" -eq 0 ] && [ -f "$UNPACK/$P/customer_scoring.so" ] \
   && [ -s "$UNPACK/$P/customer_scoring--$control.sql" ]; then
    pass "make succeeds in the unpacked archive (customer_scoring.so, customer_scoring--$control.sql)"
else
    fail "make succeeds in the unpacked archive" "exit $rc" "$(tail -n 30 <<<"$out")"
fi
