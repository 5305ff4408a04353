/// @file category.hpp
/// @brief Dispute categories, as county mediation statistics count them.
#pragma once

#include <cstdint>

#include "fengqiao/core/enum_names.hpp"

namespace fengqiao {

/// What a dispute is about. Categories drive specialty matching, statutory deadlines and escalation.
enum class Category : std::uint8_t {
    marriage_family,      ///< 婚姻家庭
    neighbour,            ///< 邻里纠纷
    property_management,  ///< 物业纠纷
    labour_wages,         ///< 劳动争议、欠薪
    work_injury,          ///< 工伤
    land_homestead,       ///< 土地、宅基地
    contract_debt,        ///< 合同、债务
    traffic_accident,     ///< 交通事故
    medical,              ///< 医疗纠纷
    consumer,             ///< 消费纠纷
    other,                ///< 其他
};

/// Names of Category values.
template <>
struct EnumNames<Category> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "category";
    /// Canonical names.
    static constexpr std::array<std::string_view, 11> names{
        "marriage_family", "neighbour",        "property_management", "labour_wages",
        "work_injury",     "land_homestead",   "contract_debt",       "traffic_accident",
        "medical",         "consumer",         "other"};
    /// Display labels.
    static constexpr std::array<std::string_view, 11> labels{
        "婚姻家庭", "邻里纠纷", "物业纠纷", "劳动争议", "工伤", "土地宅基地",
        "合同债务", "交通事故", "医疗纠纷", "消费纠纷", "其他"};
};

/// A set of categories (a mediator's specialties, the categories a policy treats specially).
class CategorySet {
public:
    /// The empty set.
    constexpr CategorySet() noexcept = default;
    /// A set holding exactly @p categories.
    constexpr CategorySet(std::initializer_list<Category> categories) noexcept {
        for (auto c : categories) insert(c);
    }
    /// Every category.
    [[nodiscard]] static constexpr CategorySet all() noexcept {
        CategorySet s;
        s.bits_ = static_cast<std::uint16_t>((1u << EnumNames<Category>::names.size()) - 1);
        return s;
    }
    /// Adds @p c.
    constexpr void insert(Category c) noexcept { bits_ = static_cast<std::uint16_t>(bits_ | bit(c)); }
    /// True if @p c is in the set.
    [[nodiscard]] constexpr bool contains(Category c) const noexcept { return (bits_ & bit(c)) != 0; }
    /// True if the set is empty.
    [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
    /// The set as a bit mask (bit i = category with value i).
    [[nodiscard]] constexpr std::uint16_t bits() const noexcept { return bits_; }
    /// A set from a bit mask.
    [[nodiscard]] static constexpr CategorySet from_bits(std::uint16_t bits) noexcept {
        CategorySet s;
        s.bits_ = static_cast<std::uint16_t>(bits & all_bits());
        return s;
    }
    /// Equality.
    friend constexpr bool operator==(CategorySet a, CategorySet b) noexcept { return a.bits_ == b.bits_; }
    /// Inequality.
    friend constexpr bool operator!=(CategorySet a, CategorySet b) noexcept { return a.bits_ != b.bits_; }

private:
    static constexpr std::uint16_t bit(Category c) noexcept {
        return static_cast<std::uint16_t>(1u << static_cast<unsigned>(c));
    }
    static constexpr std::uint16_t all_bits() noexcept {
        return static_cast<std::uint16_t>((1u << EnumNames<Category>::names.size()) - 1);
    }
    std::uint16_t bits_ = 0;
};

}  // namespace fengqiao
