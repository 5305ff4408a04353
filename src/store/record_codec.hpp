// The binary form of journal records and case snapshots inside the SQLite file. Compact (varints),
// versioned by a leading byte, and decoded defensively: a damaged body is reported, never trusted.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fengqiao/model/case.hpp"
#include "fengqiao/store/journal.hpp"

namespace fengqiao::store {

/// A body that cannot be decoded; the message says which field.
class BodyDamaged : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A command of @p kind with its payload fields at their defaults (the variant's alternative of that
/// index), for decoders to fill in.
Command empty_command(CommandKind kind);

/// Appends the body of @p record to @p out. @p previous is the sequence of the case's previous record
/// (part of the hashed content, so removing a record is detectable).
void encode_record(const JournalRecord& record, std::uint64_t previous, std::string& out);

/// Decodes a body written by encode_record(); throws BodyDamaged.
JournalRecord decode_record(std::string_view body, std::uint64_t& previous);

/// Appends the snapshot of a case's hot state to @p out.
void encode_case(const Case& c, std::string& out);

/// Decodes a snapshot written by encode_case(); throws BodyDamaged.
Case decode_case(std::string_view body);

/// Appends a case's free text to @p out.
void encode_case_file(const CaseFile& file, std::string& out);

/// Decodes free text written by encode_case_file(); throws BodyDamaged.
CaseFile decode_case_file(std::string_view body);

}  // namespace fengqiao::store
