/*
 * The physical limit for scripts/bench.sh: the same work as Strata, done by one process
 * on one connection with the DuckDB C API and no bookkeeping.
 *
 *   baseline apply DATABASE DIR        for each .sql file of DIR in name order, run its up section
 *                                      (the text between "-- migrate:up" and "-- migrate:down")
 *                                      in one transaction: BEGIN; the script; COMMIT.
 *   baseline apply-stmts DATABASE DIR  the same, statement by statement
 *                                      (duckdb_extract_statements, prepare, execute), as a tool
 *                                      that reports which statement failed must do.
 *   baseline apply-history DATABASE DIR  as apply-stmts, and in each migration's transaction one
 *                                      row in a table shaped like Strata's history (19 columns,
 *                                      one prepared INSERT kept for the run): the least that
 *                                      recording each migration atomically costs in DuckDB.
 *   baseline read DATABASE [ro|rw]     open, SELECT * FROM schema_migrations (every row
 *                                      fetched), close: "open the database and read the history once".
 *   baseline open DATABASE [ro|rw]     open, connect, close: the cost of opening alone.
 *   baseline time DATABASE REPEAT SQL  open read-only, then run SQL REPEAT times (every row fetched)
 *                                      and print the median and minimum in ms: what one query
 *                                      Strata sends costs in DuckDB alone, after the open.
 *
 * Build: cc -O2 -o baseline baseline.c -I$DUCKDB_INCLUDE_DIR -L$DUCKDB_LIB_DIR -lduckdb -Wl,-rpath,$DUCKDB_LIB_DIR
 * It links the same libduckdb as Strata, and opens with the same setting Strata uses
 * (autoinstall_known_extensions=false).
 */
#include <dirent.h>
#include <duckdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, const char *detail) {
    fprintf(stderr, "baseline: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

/* Fetches every chunk of a result (so that the query really runs to the end); returns the row count. */
static idx_t fetch_all(duckdb_result result) {
    idx_t rows = 0;
    duckdb_data_chunk chunk;
    while ((chunk = duckdb_fetch_chunk(result)) != NULL) {
        idx_t size = duckdb_data_chunk_get_size(chunk);
        duckdb_destroy_data_chunk(&chunk);
        if (size == 0) break;
        rows += size;
    }
    return rows;
}

static void open_database(const char *path, int read_only, duckdb_database *db, duckdb_connection *con) {
    duckdb_config config;
    if (duckdb_create_config(&config) != DuckDBSuccess) die("cannot create a config", NULL);
    duckdb_set_config(config, "autoinstall_known_extensions", "false");
    if (read_only) duckdb_set_config(config, "access_mode", "READ_ONLY");
    char *error = NULL;
    if (duckdb_open_ext(path, db, config, &error) != DuckDBSuccess) die("cannot open the database", error);
    duckdb_destroy_config(&config);
    if (duckdb_connect(*db, con) != DuckDBSuccess) die("cannot connect", NULL);
}

static void query(duckdb_connection con, const char *sql, const char *file) {
    duckdb_result result;
    if (duckdb_query(con, sql, &result) != DuckDBSuccess) {
        fprintf(stderr, "baseline: %s: %s\n", file, duckdb_result_error(&result));
        exit(1);
    }
    duckdb_destroy_result(&result);
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot read", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (fread(text, 1, (size_t)size, f) != (size_t)size) die("cannot read", path);
    text[size] = 0;
    fclose(f);
    return text;
}

/* The up section: after the "-- migrate:up" line, up to "-- migrate:down" (cut in place). */
static char *up_section(char *text, const char *file) {
    char *up = strstr(text, "-- migrate:up");
    if (!up) die("no -- migrate:up in", file);
    char *start = strchr(up, '\n');
    if (!start) die("nothing after -- migrate:up in", file);
    char *down = strstr(start, "-- migrate:down");
    if (down) *down = 0;
    return start + 1;
}

static int is_sql(const struct dirent *entry) {
    size_t n = strlen(entry->d_name);
    return entry->d_name[0] != '.' && n > 4 && strcmp(entry->d_name + n - 4, ".sql") == 0;
}

/* The history table as Strata creates it, and an INSERT of one row per migration. */
static const char *HISTORY_TABLE =
    "CREATE TABLE schema_migrations (id VARCHAR NOT NULL, seq BIGINT NOT NULL, version BIGINT NOT NULL, "
    "name VARCHAR NOT NULL, description VARCHAR, event VARCHAR NOT NULL, checksum VARCHAR, rollback_sql VARCHAR, "
    "started_at TIMESTAMP, finished_at TIMESTAMP, execution_ms DOUBLE, applied_by VARCHAR NOT NULL, "
    "tool_version VARCHAR NOT NULL, engine_version VARCHAR NOT NULL, error VARCHAR, failed_statement INTEGER, "
    "note VARCHAR, details VARCHAR, format_version INTEGER NOT NULL)";
static const char *HISTORY_INSERT =
    "INSERT INTO schema_migrations (id, seq, version, name, description, event, checksum, rollback_sql, started_at, "
    "finished_at, execution_ms, applied_by, tool_version, engine_version, error, failed_statement, note, details, "
    "format_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static void insert_history_row(duckdb_prepared_statement insert, int index, const char *name, const char *rollback) {
    char id[32];
    snprintf(id, sizeof id, "id-%d", index);
    duckdb_timestamp now = {1764000000000000LL + index};
    duckdb_clear_bindings(insert);
    duckdb_bind_varchar(insert, 1, id);
    duckdb_bind_int64(insert, 2, now.micros);
    duckdb_bind_int64(insert, 3, index + 1);
    duckdb_bind_varchar(insert, 4, name);
    duckdb_bind_null(insert, 5);
    duckdb_bind_varchar(insert, 6, "applied");
    duckdb_bind_varchar(insert, 7, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    duckdb_bind_varchar(insert, 8, rollback);
    duckdb_bind_timestamp(insert, 9, now);
    duckdb_bind_timestamp(insert, 10, now);
    duckdb_bind_double(insert, 11, 1.5);
    duckdb_bind_varchar(insert, 12, "bench@host");
    duckdb_bind_varchar(insert, 13, "baseline");
    duckdb_bind_varchar(insert, 14, duckdb_library_version());
    for (idx_t parameter = 15; parameter <= 18; parameter++) duckdb_bind_null(insert, parameter);
    duckdb_bind_int32(insert, 19, 2);
    duckdb_result result;
    if (duckdb_execute_prepared(insert, &result) != DuckDBSuccess) die("history insert failed", duckdb_result_error(&result));
    duckdb_destroy_result(&result);
}

static int apply(const char *database, const char *dir, int by_statement, int with_history) {
    duckdb_database db;
    duckdb_connection con;
    open_database(database, 0, &db, &con);
    duckdb_prepared_statement insert = NULL;
    if (with_history) {
        query(con, HISTORY_TABLE, "history table");
        if (duckdb_prepare(con, HISTORY_INSERT, &insert) != DuckDBSuccess) die(duckdb_prepare_error(insert), "history insert");
    }
    struct dirent **entries;
    int count = scandir(dir, &entries, is_sql, alphasort);
    if (count < 0) die("cannot list", dir);
    char path[4096];
    for (int i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, entries[i]->d_name);
        char *text = read_file(path);
        char *down = strstr(text, "-- migrate:down");
        char *rollback = strdup(down ? down : "");
        char *script = up_section(text, path);
        query(con, "BEGIN TRANSACTION", path);
        if (!by_statement) {
            query(con, script, path);
        } else {
            duckdb_extracted_statements extracted = NULL;
            idx_t n = duckdb_extract_statements(con, script, &extracted);
            if (n == 0) die(duckdb_extract_statements_error(extracted), path);
            for (idx_t s = 0; s < n; s++) {
                duckdb_prepared_statement prepared = NULL;
                if (duckdb_prepare_extracted_statement(con, extracted, s, &prepared) != DuckDBSuccess)
                    die(duckdb_prepare_error(prepared), path);
                duckdb_result result;
                if (duckdb_execute_prepared(prepared, &result) != DuckDBSuccess) die(duckdb_result_error(&result), path);
                duckdb_destroy_result(&result);
                duckdb_destroy_prepare(&prepared);
            }
            duckdb_destroy_extracted(&extracted);
        }
        if (with_history) insert_history_row(insert, i, entries[i]->d_name, rollback);
        query(con, "COMMIT", path);
        free(rollback);
        free(text);
        free(entries[i]);
    }
    free(entries);
    if (insert) duckdb_destroy_prepare(&insert);
    duckdb_disconnect(&con);
    duckdb_close(&db);
    return 0;
}

static int read_history(const char *database, int read_only) {
    duckdb_database db;
    duckdb_connection con;
    open_database(database, read_only, &db, &con);
    duckdb_result result;
    if (duckdb_query(con, "SELECT * FROM schema_migrations ORDER BY seq", &result) != DuckDBSuccess)
        die("cannot read the history", duckdb_result_error(&result));
    idx_t rows = fetch_all(result);
    duckdb_destroy_result(&result);
    duckdb_disconnect(&con);
    duckdb_close(&db);
    if (getenv("BASELINE_VERBOSE")) fprintf(stderr, "baseline: %llu history rows\n", (unsigned long long)rows);
    return 0;
}

static int open_only(const char *database, int read_only) {
    duckdb_database db;
    duckdb_connection con;
    open_database(database, read_only, &db, &con);
    duckdb_disconnect(&con);
    duckdb_close(&db);
    return 0;
}

#include <time.h>
static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int time_query(const char *database, int repeat, const char *sql) {
    duckdb_database db;
    duckdb_connection con;
    open_database(database, 1, &db, &con);
    double *samples = calloc((size_t)repeat, sizeof(double));
    idx_t rows = 0;
    for (int i = 0; i < repeat; i++) {
        double start = now_ms();
        duckdb_result result;
        if (duckdb_query(con, sql, &result) != DuckDBSuccess) die("query failed", duckdb_result_error(&result));
        rows = fetch_all(result);
        duckdb_destroy_result(&result);
        samples[i] = now_ms() - start;
    }
    qsort(samples, (size_t)repeat, sizeof(double), compare_doubles);
    printf("%.3f ms median, %.3f ms min, %llu rows: %s\n", samples[repeat / 2], samples[0], (unsigned long long)rows, sql);
    free(samples);
    duckdb_disconnect(&con);
    duckdb_close(&db);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 5 && strcmp(argv[1], "time") == 0) return time_query(argv[2], atoi(argv[3]), argv[4]);
    if (argc >= 4 && strcmp(argv[1], "apply") == 0) return apply(argv[2], argv[3], 0, 0);
    if (argc >= 4 && strcmp(argv[1], "apply-stmts") == 0) return apply(argv[2], argv[3], 1, 0);
    if (argc >= 4 && strcmp(argv[1], "apply-history") == 0) return apply(argv[2], argv[3], 1, 1);
    int read_only = !(argc >= 4 && strcmp(argv[3], "rw") == 0);
    if (argc >= 3 && strcmp(argv[1], "read") == 0) return read_history(argv[2], read_only);
    if (argc >= 3 && strcmp(argv[1], "open") == 0) return open_only(argv[2], read_only);
    fprintf(stderr, "usage: baseline apply|apply-stmts|apply-history DATABASE DIR | read|open DATABASE [ro|rw] | time DATABASE REPEAT SQL\n");
    return 2;
}
