#pragma once
/// @file model.hpp
/// Linear mammillary disposition models (1, 2, 3 compartments) and the Model that joins a
/// disposition to the absorption parameters of each route.

#include <array>
#include <optional>
#include <string>

#include "route.hpp"

namespace pkengine {

/// Micro-constants of a mammillary model (all 1/h). Unused ones are 0.
struct MicroConstants {
    double k10 = 0.0;  ///< elimination from the central compartment (1/h)
    double k12 = 0.0;  ///< central -> peripheral 1 (1/h)
    double k21 = 0.0;  ///< peripheral 1 -> central (1/h)
    double k13 = 0.0;  ///< central -> peripheral 2 (1/h)
    double k31 = 0.0;  ///< peripheral 2 -> central (1/h)
};

/// Linear disposition: central compartment V1 with clearance CL, and up to two peripheral
/// compartments (V2 with inter-compartmental clearance Q2, V3 with Q3). Validated on
/// construction: every value finite and > 0.
class Disposition {
public:
    /// One compartment. cl in L/h, v1 in L.
    static Disposition one_compartment(double cl_l_per_h, double v1_l);
    /// Two compartments. Clearances in L/h, volumes in L.
    static Disposition two_compartment(double cl_l_per_h, double v1_l, double q2_l_per_h,
                                       double v2_l);
    /// Three compartments. Clearances in L/h, volumes in L.
    static Disposition three_compartment(double cl_l_per_h, double v1_l, double q2_l_per_h,
                                         double v2_l, double q3_l_per_h, double v3_l);
    /// From micro-constants (1/h) and the central volume (L). `compartments` is 1, 2 or 3;
    /// constants of absent compartments must be 0.
    static Disposition from_micro_constants(int compartments, const MicroConstants& k, double v1_l);

    int compartments() const { return m_compartments; }
    double cl() const { return m_cl; }  ///< L/h
    double v1() const { return m_v1; }  ///< L
    double q2() const { return m_q2; }  ///< L/h (0 when absent)
    double v2() const { return m_v2; }  ///< L (0 when absent)
    double q3() const { return m_q3; }  ///< L/h (0 when absent)
    double v3() const { return m_v3; }  ///< L (0 when absent)
    /// Volume of distribution at steady state, V1 + V2 + V3 (L).
    double vss() const { return m_v1 + m_v2 + m_v3; }
    /// k10 = CL/V1, k12 = Q2/V1, k21 = Q2/V2, k13 = Q3/V1, k31 = Q3/V3 (1/h).
    MicroConstants micro_constants() const;

private:
    Disposition(int compartments, double cl, double v1, double q2, double v2, double q3, double v3);
    int m_compartments;
    double m_cl, m_v1, m_q2, m_v2, m_q3, m_v3;
};

/// A route's modelled zero-order input, NONMEM's Rn and Dn: the rate that a RATE = -1 record
/// and the duration that a RATE = -2 record of this route take. 0 = not modelled. F applies as
/// for given rates and durations (it changes the duration of a rate, the rate of a duration).
struct ModelledInfusion {
    double rate_mg_per_h = 0.0;  ///< modelled rate R (mg/h), >= 0; 0 = not modelled
    double duration_h = 0.0;     ///< modelled duration D (h), >= 0; 0 = not modelled

    /// Throws InvalidInput naming the field (prefixed by `route`) unless both values are finite
    /// and >= 0 and the route can take an infusion (every route but iv_bolus).
    void validate(Route route) const;
};

/// A disposition plus the absorption parameters of each absorbed route the model knows.
/// IV routes need no parameters (F = 1, no depot).
class Model {
public:
    explicit Model(Disposition disposition) : m_disposition(disposition) {}

    /// Sets (or replaces) the absorption of an absorbed route. Throws InvalidInput for an IV
    /// route or an invalid parameter.
    Model& set_absorption(Route route, const Absorption& absorption);
    /// True when the route can be simulated (IV always; absorbed routes once set).
    bool has_route(Route route) const;
    /// The absorption of an absorbed route. Throws InvalidInput if it was never set.
    const Absorption& absorption(Route route) const;
    /// Bioavailability of a route (IV routes: exactly 1).
    Bioavailability bioavailability(Route route) const;
    const Disposition& disposition() const { return m_disposition; }
    /// Replaces the disposition (already validated by its constructor); routes are kept.
    Model& set_disposition(const Disposition& disposition);
    /// Sets the modelled rate (mg/h) and duration (h) of a route's zero-order input (NONMEM Rn,
    /// Dn). Throws InvalidInput for iv_bolus or an invalid value.
    Model& set_modelled_infusion(Route route, const ModelledInfusion& infusion);
    /// The modelled rate and duration of a route (both 0 unless set).
    const ModelledInfusion& modelled_infusion(Route route) const;

private:
    Disposition m_disposition;
    std::array<std::optional<Absorption>, kAbsorbedRoutes.size()> m_absorption{};
    std::array<ModelledInfusion, kAllRoutes.size()> m_modelled{};
};

}  // namespace pkengine
