/// @file authorization.hpp
/// @brief Which actor may issue which command on which case.
#pragma once

#include <string>

#include "fengqiao/lifecycle/command.hpp"
#include "fengqiao/model/actor.hpp"
#include "fengqiao/model/case.hpp"
#include "fengqiao/model/jurisdiction.hpp"

namespace fengqiao {

/// Whether a command is allowed, and if not, why.
struct AuthorizationDecision {
    bool allowed = true;  ///< the verdict
    std::string reason;   ///< why not (empty when allowed)

    /// Allowed.
    [[nodiscard]] static AuthorizationDecision allow() { return {}; }
    /// Refused because of @p why.
    [[nodiscard]] static AuthorizationDecision deny(std::string why) { return {false, std::move(why)}; }
};

/// Decides whether @p actor may issue a command. Implement it for a county's own role rules.
/// A refused command is not applied; the engine records the attempt in the journal.
class AuthorizationPolicy {
public:
    virtual ~AuthorizationPolicy() = default;
    /// May @p actor issue @p command on @p subject (nullptr for a Report), which sits at @p where?
    [[nodiscard]] virtual AuthorizationDecision authorize(const Actor& actor, CommandKind command,
                                                          const Case* subject, JurisdictionId where,
                                                          const JurisdictionTree& tree) const = 0;
};

/// The minimal default: an actor may act on cases in its own jurisdiction and below; auditors may
/// not change anything.
class ScopedAuthorization final : public AuthorizationPolicy {
public:
    /// See the class description.
    [[nodiscard]] AuthorizationDecision authorize(const Actor& actor, CommandKind command, const Case* subject,
                                                  JurisdictionId where,
                                                  const JurisdictionTree& tree) const override;
};

}  // namespace fengqiao
