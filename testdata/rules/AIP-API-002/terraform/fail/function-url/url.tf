resource "aws_lambda_function_url" "chat" {
  function_name      = aws_lambda_function.chat.function_name
  authorization_type = "NONE" # expect: AIP-API-002

  cors {
    allow_origins = ["https://support.example.com"]
    allow_methods = ["POST"]
  }
}
