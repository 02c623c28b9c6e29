resource "aws_bedrockagent_data_source" "wiki" { # expect: AIP-BR-008
  knowledge_base_id = "KB1A2B3C4D"
  name              = "engineering-wiki"

  data_source_configuration {
    type = "WEB"

    web_configuration {
      source_configuration {
        url_configuration {
          seed_urls {
            url = "https://wiki.example.com/engineering/"
          }
        }
      }
    }
  }

  server_side_encryption_configuration {}
}
