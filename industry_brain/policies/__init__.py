"""惠企政策 (G1): the policy library, eligibility of every enterprise, applications."""
