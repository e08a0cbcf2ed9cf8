//! MediaStore Data on AWS, at a container's data endpoint.

use aws_sdk_mediastoredata::primitives::ByteStream;
use aws_sdk_mediastoredata::types::ItemType;

use super::{AwsCloud, Reply};
use crate::cloud::mediastore_data::{Item, MediaStoreData};
use crate::cloud::{AtEndpoint, Result};

impl<'a> AtEndpoint<'a, AwsCloud> {
    fn reply(&self, operation: &'static str) -> Reply<'a> {
        Reply {
            operation,
            region: self.region,
        }
    }

    fn client(&self, reply: Reply<'_>) -> Result<aws_sdk_mediastoredata::Client> {
        self.cloud
            .data_client(self.region, self.endpoint, reply.operation)
    }
}

impl MediaStoreData for AtEndpoint<'_, AwsCloud> {
    async fn put_object(&self, path: &str, body: Vec<u8>, content_type: &str) -> Result<()> {
        let reply = self.reply("mediastore-data:PutObject");
        self.client(reply)?
            .put_object()
            .path(path)
            .content_type(content_type)
            .body(ByteStream::from(body))
            .send()
            .await
            .map(|_| ())
            .map_err(|error| reply.failed(error))
    }

    async fn get_object(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let reply = self.reply("mediastore-data:GetObject");
        let sent = self.client(reply)?.get_object().path(path).send().await;
        let Some(output) = reply.found(sent)? else {
            return Ok(None);
        };
        let bytes = output.body.collect().await.map_err(|error| reply.failed(error))?;
        Ok(Some(bytes.into_bytes().to_vec()))
    }

    async fn list_items(&self, folder: &str) -> Result<Vec<Item>> {
        let reply = self.reply("mediastore-data:ListItems");
        let pages = reply
            .pages(
                self.client(reply)?
                    .list_items()
                    .set_path((!folder.is_empty()).then(|| folder.to_owned()))
                    .into_paginator()
                    .send(),
            )
            .await?;
        pages
            .iter()
            .flat_map(|page| page.items())
            .map(|item| {
                let name = reply.text(item.name(), "Items[].Name")?;
                Ok(match item.r#type() {
                    Some(ItemType::Folder) => Item::Folder(name),
                    _ => Item::Object(name),
                })
            })
            .collect()
    }

    async fn delete_object(&self, path: &str) -> Result<bool> {
        let reply = self.reply("mediastore-data:DeleteObject");
        let sent = self.client(reply)?.delete_object().path(path).send().await;
        Ok(reply.found(sent)?.is_some())
    }
}
