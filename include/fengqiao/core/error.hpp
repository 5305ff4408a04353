/// @file error.hpp
/// @brief Errors as values on the command path (Error, Result) and the few exceptions used at
/// boundaries (storage, configuration, journal integrity, API misuse).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "fengqiao/core/enum_names.hpp"
#include "fengqiao/core/ids.hpp"

namespace fengqiao {

/// Why a command, a file or a call was refused. The names are stable and appear in JSON output.
enum class ErrorCode : std::uint8_t {
    invalid_transition,    ///< the case's current state does not take this command
    unknown_case,          ///< no case with that id
    unknown_actor,         ///< no actor with that id
    unknown_jurisdiction,  ///< no jurisdiction with that id or code
    not_authorized,        ///< the actor's role or scope does not allow the command on this case
    no_escalation_target,  ///< the escalation policy found nowhere to send the case
    no_eligible_mediator,  ///< the assignment policy found nobody able to take the case
    invalid_argument,      ///< a command's payload is malformed (e.g. unknown mediator, empty team)
    request_conflict,      ///< a request id was reused for a different command or case
    storage_failure,       ///< the journal could not store the command (disk full, read-only file)
    config_error,          ///< a configuration file is malformed
    corrupt_journal,       ///< a stored journal is damaged, truncated or from a newer schema
};

/// Names of ErrorCode values.
template <>
struct EnumNames<ErrorCode> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "error code";
    /// Canonical names.
    static constexpr std::array<std::string_view, 12> names{
        "invalid_transition", "unknown_case",      "unknown_actor",        "unknown_jurisdiction",
        "not_authorized",     "no_escalation_target", "no_eligible_mediator", "invalid_argument",
        "request_conflict",   "storage_failure",   "config_error",         "corrupt_journal"};
    /// Display labels.
    static constexpr std::array<std::string_view, 12> labels{
        "状态不接受该指令", "案件不存在", "人员不存在", "辖区不存在", "无权限", "无可上交的上级",
        "无可指派的调解员", "参数无效", "请求号冲突", "存储失败", "配置错误", "日志损坏"};
};

/// A refused command or call: what went wrong, and where.
///
/// The message is complete on its own (it names the case, the state and the command where they
/// apply); the other fields let programs react without parsing it.
struct Error {
    ErrorCode code = ErrorCode::invalid_argument;  ///< machine-readable reason
    std::string message;                           ///< human-readable, names the thing that was wrong
    CaseId case_id{};                              ///< the case concerned, if any
    ActorId actor{};                               ///< the actor who issued the command, if any
    std::string_view state{};                      ///< the case's state name when refused, if any
    std::string_view command{};                    ///< the command's name, if any
};

/// Base of every exception the library throws. Carries the same ErrorCode as the value errors.
class Exception : public std::runtime_error {
public:
    /// An exception with a code and a complete message.
    Exception(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    /// The machine-readable reason.
    [[nodiscard]] ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

/// Thrown by Result::value() when the result holds an Error: the command was refused.
class CommandRejected : public Exception {
public:
    /// Wraps the refusal.
    explicit CommandRejected(Error error) : Exception(error.code, error.message), error_(std::move(error)) {}
    /// The refusal, with case, state and command.
    [[nodiscard]] const Error& error() const noexcept { return error_; }

private:
    Error error_;
};

/// The journal could not be written or read (I/O failure, full disk, read-only file).
class StorageError : public Exception {
public:
    /// A storage failure with a message naming the file and the operation.
    explicit StorageError(const std::string& message) : Exception(ErrorCode::storage_failure, message) {}
};

/// A stored journal is damaged, truncated, has a sequence gap or comes from a newer schema.
class JournalCorrupt : public Exception {
public:
    /// A corruption report naming the file and the first bad record.
    explicit JournalCorrupt(const std::string& message) : Exception(ErrorCode::corrupt_journal, message) {}
};

/// A configuration document is malformed; the message starts with the JSON path of the problem.
class ConfigError : public Exception {
public:
    /// A configuration error at @p path (e.g. "/jurisdictions/12/parent"; empty when the document as a
    /// whole is unreadable, such as a JSON syntax error).
    ConfigError(std::string path, const std::string& message)
        : Exception(ErrorCode::config_error, path.empty() ? message : path + ": " + message), path_(std::move(path)) {}
    /// The JSON pointer of the offending value.
    [[nodiscard]] const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

/// Either a value or the Error that prevented it. Used for every command the engine takes.
template <class T>
class [[nodiscard]] Result {
public:
    /// A successful result.
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
    /// A refusal.
    Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)

    /// True when the result holds a value.
    [[nodiscard]] bool ok() const noexcept { return v_.index() == 0; }
    /// Same as ok().
    explicit operator bool() const noexcept { return ok(); }

    /// The value; throws CommandRejected if the result holds an Error.
    const T& value() const& {
        if (!ok()) throw CommandRejected(std::get<1>(v_));
        return std::get<0>(v_);
    }
    /// The value, moved out; throws CommandRejected if the result holds an Error.
    T&& value() && {
        if (!ok()) throw CommandRejected(std::get<1>(v_));
        return std::get<0>(std::move(v_));
    }
    /// The value without checking (precondition: ok()).
    const T& operator*() const noexcept { return *std::get_if<0>(&v_); }
    /// Member access to the value without checking (precondition: ok()).
    const T* operator->() const noexcept { return std::get_if<0>(&v_); }
    /// The error (precondition: !ok()).
    [[nodiscard]] const Error& error() const noexcept { return *std::get_if<1>(&v_); }

private:
    std::variant<T, Error> v_;
};

}  // namespace fengqiao
