// Output files of the subcommands (export --output, simulate --cases-csv): written beside their final
// name and moved into place only once complete, so a failed run never leaves half a file and never
// destroys the previous one; and never one of the command's own inputs.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fengqiao/core/error.hpp"

namespace fengqiao::cli {

/// A file being written to @p path through a temporary file in the same directory.
class OutputFile {
public:
    /// Opens the temporary file. Throws fengqiao::Exception if @p path is one of @p inputs (the same
    /// file under any name) or a directory, StorageError if the directory cannot be written.
    OutputFile(std::string path, const std::vector<std::string>& inputs) : path_(std::move(path)) {
        std::error_code ec;
        for (const auto& input : inputs) {
            if (!input.empty() && same_file(path_, input)) {
                throw Exception(ErrorCode::invalid_argument, "the output file '" + path_ + "' is the input '" + input +
                                                                 "': writing it would destroy what is being read");
            }
        }
        if (std::filesystem::is_directory(path_, ec)) {
            throw Exception(ErrorCode::invalid_argument, "the output file '" + path_ + "' is a directory");
        }
        partial_ = path_ + ".partial";
        file_.open(partial_, std::ios::binary | std::ios::trunc);
        if (!file_) {
            throw StorageError("cannot write '" + path_ + "': cannot create '" + partial_ +
                               "' beside it, where it is written first: " + std::strerror(errno));
        }
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    /// Removes the temporary file unless commit() moved it into place.
    ~OutputFile() {
        if (!committed_) {
            file_.close();
            std::remove(partial_.c_str());
        }
    }

    /// Where to write.
    std::ostream& stream() { return file_; }

    /// Flushes and closes the file and moves it to its final name. Throws StorageError if any write failed.
    void commit() {
        file_.flush();
        const bool written = static_cast<bool>(file_);
        file_.close();
        if (!written || file_.fail()) throw StorageError("cannot write '" + path_ + "' (is the disk full?)");
        if (std::rename(partial_.c_str(), path_.c_str()) != 0) {
            throw StorageError("cannot write '" + path_ + "': " + std::strerror(errno));
        }
        committed_ = true;
    }

    /// Whether @p a and @p b name the same file: the same file under any name when both exist (links
    /// included), or the same path once made absolute when one does not exist yet (a file the command
    /// is about to create, such as a new journal).
    static bool same_file(const std::string& a, const std::string& b) {
        std::error_code ec;
        if (std::filesystem::equivalent(a, b, ec)) return true;
        const auto full = [&ec](const std::string& p) {
            return std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
        };
        const auto full_a = full(a);
        if (ec) return false;
        const auto full_b = full(b);
        return !ec && full_a == full_b;
    }

private:
    std::string path_;
    std::string partial_;
    std::ofstream file_;
    bool committed_ = false;
};

}  // namespace fengqiao::cli
