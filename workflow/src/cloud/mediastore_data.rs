//! MediaStore Data: the objects of one container, at its data endpoint.

use std::future::Future;

use super::Result;

/// An entry of a container folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// An object, by name (relative to the folder listed).
    Object(String),
    /// A sub-folder, by name.
    Folder(String),
}

/// MediaStore Data at one container's data endpoint.
pub trait MediaStoreData: Send + Sync {
    /// `PutObject`.
    fn put_object(
        &self,
        path: &str,
        body: Vec<u8>,
        content_type: &str,
    ) -> impl Future<Output = Result<()>> + Send;
    /// `GetObject`; `None` when there is no such object.
    fn get_object(&self, path: &str) -> impl Future<Output = Result<Option<Vec<u8>>>> + Send;
    /// `ListItems` of one folder (`""` for the root), every page.
    fn list_items(&self, folder: &str) -> impl Future<Output = Result<Vec<Item>>> + Send;
    /// `DeleteObject`; false when it did not exist.
    fn delete_object(&self, path: &str) -> impl Future<Output = Result<bool>> + Send;
}
