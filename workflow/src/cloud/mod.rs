//! The ports to the cloud: every AWS call the workflow makes, one small async trait per service.
//!
//! Each service is a port on a handle: [`mediastore::MediaStore`], [`mediapackage::MediaPackage`],
//! [`mediaconnect::MediaConnect`] and [`medialive::MediaLive`] on a per-Region handle, [`mediastore_data::MediaStoreData`] on one
//! container's data endpoint, [`cloudfront::CloudFront`] on CloudFront's global API, and
//! [`playback::Playback`] for reading a deployed origin's playlists over HTTPS ([`HasPlayback`],
//! which verify and drill need and deployment does not). A cloud hands
//! out the handles ([`HasMediaStore`] and its siblings); [`Cloud`] is a cloud with all six, what
//! [`crate::apply()`], [`crate::teardown()`] and [`crate::status()`] need. A function that needs
//! less asks for less ([`crate::drill()`] takes [`HasMediaLive`], [`HasMediaStoreData`] and
//! [`HasPlayback`]), so a test's fake implements only the services that test touches.
//!
//! [`crate::aws::AwsCloud`] implements the ports with the AWS SDK. Anything else that implements
//! them (a simulated AWS on a virtual clock, a mock that injects faults) runs the same code.
//! "Not found" is a value (`Ok(None)`/`Ok(false)`), not an error, so that adoption and teardown
//! stay idempotent. Resource states are open enums ([`hls_epoch::open_enum!`]): the known values
//! are compared as types and a value AWS adds later is kept as `Other`.
//!
//! Waiting is part of the ports (`wait_*`), so an implementation decides how long AWS takes; the
//! workflow decides only what to wait for.

use mediastore_policy::DataEndpoint;

pub mod cloudfront;
pub mod mediaconnect;
pub mod medialive;
pub mod mediapackage;
pub mod mediastore;
pub mod mediastore_data;
pub mod playback;

/// Why a cloud call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service refused the call or could not be reached.
    #[error("{operation} in {region} failed: {message}")]
    Call {
        /// The operation, such as `mediastore:CreateContainer`.
        operation: &'static str,
        /// The Region, or `global`.
        region: String,
        /// The service's code and message, with every cause the SDK gave.
        message: String,
    },
    /// A reply lacked a value the workflow needs.
    #[error("{operation} in {region} returned no {field}")]
    Incomplete {
        /// The operation.
        operation: &'static str,
        /// The Region, or `global`.
        region: String,
        /// The missing field.
        field: &'static str,
    },
    /// A reply held a value the workflow cannot use.
    #[error("{operation} in {region} returned a {field} that is not allowed")]
    Invalid {
        /// The operation.
        operation: &'static str,
        /// The Region, or `global`.
        region: String,
        /// The field.
        field: &'static str,
        /// Why the value was refused.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A resource did not reach the state waited for.
    #[error("{what} in {region} did not become {target}: {message}")]
    Wait {
        /// The resource, such as `channel 1234567`.
        what: String,
        /// The Region, or `global`.
        region: String,
        /// The state waited for.
        target: &'static str,
        /// Why the wait ended.
        message: String,
    },
    /// A document could not be turned into the SDK's types.
    #[error("{document} cannot be sent")]
    Document {
        /// Which document.
        document: &'static str,
        /// What is wrong, with the JSON path.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// Shorthand for the futures the ports return.
pub type Result<T> = std::result::Result<T, Error>;

/// A cloud's handle on one Region: the per-Region ports are implemented on it.
#[derive(Debug)]
pub struct InRegion<'a, C> {
    /// The cloud.
    pub cloud: &'a C,
    /// The Region code, such as `us-east-1`.
    pub region: &'a str,
}

/// A cloud's handle on one MediaStore container's data endpoint.
#[derive(Debug)]
pub struct AtEndpoint<'a, C> {
    /// The cloud.
    pub cloud: &'a C,
    /// The container's Region.
    pub region: &'a str,
    /// The container's data endpoint.
    pub endpoint: &'a DataEndpoint,
}

/// A cloud's handle on a global API (CloudFront's).
#[derive(Debug)]
pub struct Global<'a, C> {
    /// The cloud.
    pub cloud: &'a C,
}

// Handles are references: copyable whatever the cloud is.
impl<C> Clone for InRegion<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C> Copy for InRegion<'_, C> {}
impl<C> Clone for AtEndpoint<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C> Copy for AtEndpoint<'_, C> {}
impl<C> Clone for Global<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C> Copy for Global<'_, C> {}

/// A cloud that hands out MediaStore handles per Region.
pub trait HasMediaStore: Send + Sync {
    /// The handle.
    type MediaStore<'a>: mediastore::MediaStore
    where
        Self: 'a;
    /// MediaStore in `region`.
    fn mediastore<'a>(&'a self, region: &'a str) -> Self::MediaStore<'a>;
}

/// A cloud that hands out MediaStore Data handles per container.
pub trait HasMediaStoreData: Send + Sync {
    /// The handle.
    type MediaStoreData<'a>: mediastore_data::MediaStoreData
    where
        Self: 'a;
    /// MediaStore Data at the data endpoint of a container in `region`.
    fn mediastore_data<'a>(&'a self, region: &'a str, endpoint: &'a DataEndpoint)
    -> Self::MediaStoreData<'a>;
}

/// A cloud that hands out MediaConnect handles per Region.
pub trait HasMediaConnect: Send + Sync {
    /// The handle.
    type MediaConnect<'a>: mediaconnect::MediaConnect
    where
        Self: 'a;
    /// MediaConnect in `region`.
    fn mediaconnect<'a>(&'a self, region: &'a str) -> Self::MediaConnect<'a>;
}

/// A cloud that hands out MediaLive handles per Region.
pub trait HasMediaLive: Send + Sync {
    /// The handle.
    type MediaLive<'a>: medialive::MediaLive
    where
        Self: 'a;
    /// MediaLive in `region`.
    fn medialive<'a>(&'a self, region: &'a str) -> Self::MediaLive<'a>;
}

/// A cloud that hands out MediaPackage v2 handles per Region.
pub trait HasMediaPackage: Send + Sync {
    /// The handle.
    type MediaPackage<'a>: mediapackage::MediaPackage
    where
        Self: 'a;
    /// MediaPackage v2 in `region`.
    fn mediapackage<'a>(&'a self, region: &'a str) -> Self::MediaPackage<'a>;
}

/// A cloud that hands out a CloudFront handle.
pub trait HasCloudFront: Send + Sync {
    /// The handle.
    type CloudFront<'a>: cloudfront::CloudFront
    where
        Self: 'a;
    /// CloudFront's global API.
    fn cloudfront(&self) -> Self::CloudFront<'_>;
}

/// A cloud that reads origins over HTTPS as a viewer or as the deploying account.
pub trait HasPlayback: Send + Sync {
    /// The handle.
    type Playback<'a>: playback::Playback
    where
        Self: 'a;
    /// Reads as `reader`.
    fn playback<'a>(&'a self, reader: playback::Reader<'a>) -> Self::Playback<'a>;
}

/// A cloud with every service the workflow deploys on, whichever the origin: what apply, teardown,
/// status and discovery need. Implemented for every type that has the six services.
///
/// Implementations must be cheap to share (`Send + Sync`): the executor runs independent steps
/// concurrently on one instance.
pub trait Cloud:
    HasMediaStore + HasMediaStoreData + HasMediaPackage + HasMediaConnect + HasMediaLive + HasCloudFront
{
}

impl<C> Cloud for C where
    C: HasMediaStore + HasMediaStoreData + HasMediaPackage + HasMediaConnect + HasMediaLive + HasCloudFront
{
}

/// Implements the six `Has*` traits for a cloud whose ports are implemented on its own
/// [`InRegion`], [`AtEndpoint`] and [`Global`] handles.
macro_rules! cloud_handles {
    ($cloud:ty) => {
        impl $crate::cloud::HasMediaStore for $cloud {
            type MediaStore<'a> = $crate::cloud::InRegion<'a, $cloud>;
            fn mediastore<'a>(&'a self, region: &'a str) -> Self::MediaStore<'a> {
                $crate::cloud::InRegion {
                    cloud: self,
                    region,
                }
            }
        }
        impl $crate::cloud::HasMediaStoreData for $cloud {
            type MediaStoreData<'a> = $crate::cloud::AtEndpoint<'a, $cloud>;
            fn mediastore_data<'a>(
                &'a self,
                region: &'a str,
                endpoint: &'a ::mediastore_policy::DataEndpoint,
            ) -> Self::MediaStoreData<'a> {
                $crate::cloud::AtEndpoint {
                    cloud: self,
                    region,
                    endpoint,
                }
            }
        }
        impl $crate::cloud::HasMediaPackage for $cloud {
            type MediaPackage<'a> = $crate::cloud::InRegion<'a, $cloud>;
            fn mediapackage<'a>(&'a self, region: &'a str) -> Self::MediaPackage<'a> {
                $crate::cloud::InRegion {
                    cloud: self,
                    region,
                }
            }
        }
        impl $crate::cloud::HasMediaConnect for $cloud {
            type MediaConnect<'a> = $crate::cloud::InRegion<'a, $cloud>;
            fn mediaconnect<'a>(&'a self, region: &'a str) -> Self::MediaConnect<'a> {
                $crate::cloud::InRegion {
                    cloud: self,
                    region,
                }
            }
        }
        impl $crate::cloud::HasMediaLive for $cloud {
            type MediaLive<'a> = $crate::cloud::InRegion<'a, $cloud>;
            fn medialive<'a>(&'a self, region: &'a str) -> Self::MediaLive<'a> {
                $crate::cloud::InRegion {
                    cloud: self,
                    region,
                }
            }
        }
        impl $crate::cloud::HasCloudFront for $cloud {
            type CloudFront<'a> = $crate::cloud::Global<'a, $cloud>;
            fn cloudfront(&self) -> Self::CloudFront<'_> {
                $crate::cloud::Global { cloud: self }
            }
        }
    };
}
pub(crate) use cloud_handles;
