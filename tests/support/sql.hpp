// Reaching into a journal file with SQLite directly, as someone tampering with it (or a newer
// library version) would.
#pragma once

#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace fengqiao::fixtures {

/// Runs @p sql on the file at @p path (created if missing); throws with SQLite's message on failure.
inline void execute_sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path + ": " + msg);
    }
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string msg = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error("cannot run '" + sql + "' on " + path + ": " + msg);
}

}  // namespace fengqiao::fixtures
