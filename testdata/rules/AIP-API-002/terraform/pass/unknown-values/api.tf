variable "url_auth" {
  type = string
}

# The function's role comes from a variable: what it may invoke is unknown.
resource "aws_lambda_function_url" "chat" {
  function_name      = aws_lambda_function.chat.function_name
  authorization_type = "NONE"
}

# The authorization type itself is unknown.
resource "aws_lambda_function_url" "chat_live" {
  function_name      = aws_lambda_function.chat.function_name
  qualifier          = "live"
  authorization_type = var.url_auth
}
