// Reaching into a journal file with SQLite directly, as someone tampering with it (or a newer
// library version) would.
#pragma once

#include <sqlite3.h>

#include <cstdint>

#include <functional>
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

/// Reads the blob @p column of the row of @p table whose @p key is @p value, lets @p edit change it,
/// and writes it back: an alteration of stored bytes, as tampering would make.
inline void rewrite_blob(const std::string& path, const std::string& table, const std::string& column,
                         const std::string& key, std::int64_t value, const std::function<void(std::string&)>& edit) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path);
    }
    std::string bytes;
    {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, ("SELECT " + column + " FROM " + table + " WHERE " + key + " = ?").c_str(), -1, &s,
                           nullptr);
        sqlite3_bind_int64(s, 1, value);
        if (sqlite3_step(s) == SQLITE_ROW) {
            bytes.assign(static_cast<const char*>(sqlite3_column_blob(s, 0)),
                         static_cast<std::size_t>(sqlite3_column_bytes(s, 0)));
        }
        sqlite3_finalize(s);
    }
    edit(bytes);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, ("UPDATE " + table + " SET " + column + " = ? WHERE " + key + " = ?").c_str(), -1, &s,
                       nullptr);
    sqlite3_bind_blob(s, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, value);
    const int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    sqlite3_close(db);
    if (rc != SQLITE_DONE) throw std::runtime_error("cannot rewrite " + table + "." + column + " in " + path);
}

}  // namespace fengqiao::fixtures
