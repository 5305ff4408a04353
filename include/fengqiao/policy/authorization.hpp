/// @file authorization.hpp
/// @brief Which actor may issue which command on which case.
#pragma once

#include <array>
#include <cstdint>
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

/// Which commands each role may issue (the "authorization" object of a county file).
class RolePermissions {
public:
    /// No role may do anything.
    RolePermissions() = default;
    /// The Fengqiao defaults: grid workers report and flag risk; mediators and township bodies run
    /// mediation; court tribunals also decide judicial confirmation; the county centre may do
    /// everything; auditors nothing. See docs/policies/authorization.md.
    [[nodiscard]] static RolePermissions defaults();
    /// Allows @p role to issue @p command; throws Exception (invalid_argument) for a value outside
    /// its enumeration.
    void allow(Role role, CommandKind command);
    /// Forbids @p role to issue anything; throws Exception (invalid_argument) for a value that is
    /// not a role.
    void clear(Role role);
    /// True if @p role may issue @p command (false for a value outside its enumeration).
    [[nodiscard]] bool allows(Role role, CommandKind command) const noexcept;
    /// The commands @p role may issue, as "report, raise-risk" ("nothing" when none).
    [[nodiscard]] std::string describe(Role role) const;

private:
    std::array<std::uint32_t, EnumNames<Role>::names.size()> mask_{};
};

/// The default Fengqiao authorization: role × jurisdiction scope × command. An actor may act on a case
/// in its own jurisdiction or below (so the county centre reaches every case in the county, and a
/// village mediator none in another village), and only with the commands its role allows.
class RoleScopeAuthorization final : public AuthorizationPolicy {
public:
    /// Builds the policy.
    explicit RoleScopeAuthorization(RolePermissions permissions = RolePermissions::defaults())
        : permissions_(permissions) {}
    /// See the class description.
    [[nodiscard]] AuthorizationDecision authorize(const Actor& actor, CommandKind command, const Case* subject,
                                                  JurisdictionId where,
                                                  const JurisdictionTree& tree) const override;
    /// The permissions in force.
    [[nodiscard]] const RolePermissions& permissions() const noexcept { return permissions_; }

private:
    RolePermissions permissions_;
};

}  // namespace fengqiao
