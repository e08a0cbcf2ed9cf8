//! Simulated MediaStore Data.

use std::collections::BTreeSet;

use super::SimulatedCloud;
use crate::cloud::mediastore_data::{Item, MediaStoreData};
use crate::cloud::{AtEndpoint, Result};

impl MediaStoreData for AtEndpoint<'_, SimulatedCloud> {
    async fn put_object(&self, path: &str, body: Vec<u8>, content_type: &str) -> Result<()> {
        let region = self.region;
        let endpoint = self.endpoint;
        const OP: &str = "mediastore-data:PutObject";
        self.cloud
            .call(OP, region, true, |world, _| {
                let container = world.data_container(OP, region, endpoint)?;
                container.objects.insert(
                    path.trim_start_matches('/').to_owned(),
                    (body, content_type.to_owned()),
                );
                Ok(())
            })
            .await
    }

    async fn get_object(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let region = self.region;
        let endpoint = self.endpoint;
        const OP: &str = "mediastore-data:GetObject";
        self.cloud
            .call(OP, region, false, |world, _| {
                let container = world.data_container(OP, region, endpoint)?;
                Ok(container
                    .objects
                    .get(path.trim_start_matches('/'))
                    .map(|(body, _)| body.clone()))
            })
            .await
    }

    async fn list_items(&self, folder: &str) -> Result<Vec<Item>> {
        let region = self.region;
        let endpoint = self.endpoint;
        const OP: &str = "mediastore-data:ListItems";
        self.cloud
            .call(OP, region, false, |world, _| {
                let container = world.data_container(OP, region, endpoint)?;
                let folder = folder.trim_matches('/');
                let prefix = if folder.is_empty() {
                    String::new()
                } else {
                    format!("{folder}/")
                };
                let mut objects = BTreeSet::new();
                let mut folders = BTreeSet::new();
                for path in container.objects.keys() {
                    if let Some(rest) = path.strip_prefix(&prefix) {
                        match rest.split_once('/') {
                            Some((child, _)) => folders.insert(child.to_owned()),
                            None => objects.insert(rest.to_owned()),
                        };
                    }
                }
                Ok(folders
                    .into_iter()
                    .map(Item::Folder)
                    .chain(objects.into_iter().map(Item::Object))
                    .collect())
            })
            .await
    }

    async fn delete_object(&self, path: &str) -> Result<bool> {
        let region = self.region;
        let endpoint = self.endpoint;
        const OP: &str = "mediastore-data:DeleteObject";
        self.cloud
            .call(OP, region, true, |world, _| {
                let container = world.data_container(OP, region, endpoint)?;
                Ok(container.objects.remove(path.trim_start_matches('/')).is_some())
            })
            .await
    }
}
