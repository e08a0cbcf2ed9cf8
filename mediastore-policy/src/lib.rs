//! Typed, validated and evaluable AWS Elemental MediaStore container, lifecycle and CORS policies.
