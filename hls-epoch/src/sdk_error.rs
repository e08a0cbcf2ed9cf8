/// Declares the error of a document crate's `sdk` module: the one shape every document crate's SDK
/// conversions fail with, `Error { path, what, source }` and its `What`. Each crate declares its own
/// types (the error lives next to the conversions that return it) from this one definition, with an
/// example of how that crate spells a JSON path.
///
/// Not part of this crate's API: it lives here because every document crate depends on this one.
#[doc(hidden)]
#[macro_export]
macro_rules! sdk_error {
    ($path_example:literal) => {
        /// Why a document and its AWS SDK form could not be converted.
        #[derive(Debug, thiserror::Error)]
        #[error("{path} {what}")]
        #[non_exhaustive]
        pub struct Error {
            #[doc = concat!("The field's JSON path, as this crate's documents spell it (`", $path_example, "`).")]
            pub path: String,
            /// What is wrong with it.
            pub what: What,
            /// Why the other side refused it ([`What::Refused`]).
            #[source]
            pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
        }

        /// What is wrong with the field an [`Error`] names.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum What {
            /// The SDK's types have no place for this document field: sending it would drop it.
            NotSent,
            /// This crate's document does not model this SDK field: reading it would drop it.
            NotRead,
            /// A value the other side cannot hold.
            Value {
                /// The value found.
                value: String,
                /// What is allowed.
                allowed: String,
            },
            /// The other side refused the value; the error's source says why.
            Refused {
                /// Who refused it: the AWS SDK, or this crate's rules.
                by: &'static str,
            },
        }

        impl std::fmt::Display for What {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::NotSent => f.write_str("cannot be carried to the AWS SDK: its types have no place for it"),
                    Self::NotRead => f.write_str("cannot be carried from the AWS SDK: this crate does not model it"),
                    Self::Value { value, allowed } => write!(f, "is {value}, which is not allowed: expected {allowed}"),
                    Self::Refused { by } => write!(f, "was refused by {by}"),
                }
            }
        }

        // Not every crate needs every constructor.
        #[allow(dead_code)]
        impl Error {
            /// An error at `path` with no source.
            fn new(path: impl Into<String>, what: What) -> Self {
                Self {
                    path: path.into(),
                    what,
                    source: None,
                }
            }

            /// A value at `path` the other side cannot hold, with what is allowed.
            fn value(path: impl Into<String>, value: impl std::fmt::Display, allowed: impl Into<String>) -> Self {
                let what = What::Value {
                    value: value.to_string(),
                    allowed: allowed.into(),
                };
                Self::new(path, what)
            }

            /// A value at `path` that `by` refused for the reason `source` gives.
            fn refused(
                path: impl Into<String>,
                by: &'static str,
                source: impl std::error::Error + Send + Sync + 'static,
            ) -> Self {
                Self {
                    source: Some(Box::new(source)),
                    ..Self::new(path, What::Refused { by })
                }
            }
        }
    };
}
