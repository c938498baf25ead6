"""Raw UTF-8 in a request line is percent-encoded before h11 reads it; nothing else is touched."""

from api.utf8_targets import encode_request_line


def test_non_ascii_bytes_of_the_request_line_are_percent_encoded():
    data = "GET /search?q=罗湖 HTTP/1.1\r\nX-Name: 罗湖\r\n\r\n".encode()
    encoded = encode_request_line(data, in_request_line=True)
    assert encoded.startswith(b"GET /search?q=%E7%BD%97%E6%B9%96 HTTP/1.1\r\n")
    assert encoded.endswith("X-Name: 罗湖\r\n\r\n".encode())  # header values are left as sent


def test_a_request_line_split_across_packets_is_encoded_piece_by_piece():
    line = "GET /place?q=福田区 HTTP/1.1\r\n".encode()
    first, second = line[:16], line[16:]  # the cut falls inside a character's bytes
    assert encode_request_line(first, True) + encode_request_line(second, True) == encode_request_line(line, True)


def test_data_past_the_request_line_is_passed_on_unchanged():
    header = "Referer: http://x/罗湖\r\n".encode()
    assert encode_request_line(header, in_request_line=False) == header
    assert encode_request_line(b"GET / HTTP/1.1\r\n", True) == b"GET / HTTP/1.1\r\n"
